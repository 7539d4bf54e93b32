import { defineConfig } from 'vitest/config';

// `npm test`: unit tests next to the code, the API tier (real HTTP, real SQLite, mock executor)
// the SSH transport tests (in-process ssh2 server) and the conformance corpus replay. No root needed. The e2e and compat tiers
// have their own runners (test/e2e/run.sh, test/compat/run.sh).
export default defineConfig({
  test: {
    include: [
      'src/**/*.test.ts',
      'test/api/**/*.test.ts',
      'test/transport/**/*.test.ts',
      'test/deploy/**/*.test.ts',
      'test/conformance/**/*.test.ts',
    ],
    exclude: ['node_modules/**', 'dist/**', 'test/e2e/**', 'test/compat/**'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
