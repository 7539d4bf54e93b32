import { defineConfig } from 'vitest/config';

// `npm run test:root`: API-level tests that need root because they mount a small tmpfs under the
// database (a disk that fills up, a file system that turns read-only). Same real HTTP, real SQLite
// and mock executor as `npm test`, which stays runnable without root.
export default defineConfig({
  test: {
    include: ['test/root/**/*.test.ts'],
    exclude: ['node_modules/**', 'dist/**'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
