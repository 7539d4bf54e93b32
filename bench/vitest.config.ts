import { defineConfig } from 'vitest/config';

// The benchmark's own unit tests (pure helpers): `npx vitest run -c bench/vitest.config.ts`.
export default defineConfig({
  test: {
    include: ['bench/**/*.test.ts'],
    pool: 'forks',
  },
});
