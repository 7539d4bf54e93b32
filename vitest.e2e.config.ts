import { defineConfig } from 'vitest/config';

// `npm run test:e2e` (test/e2e/run.sh): real sshd, glusterd and XFS bricks on the namespace test bed,
// as root. The files run one after another: they share the test bed's six nodes (most use the
// first three) and their disks.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    exclude: ['node_modules/**', 'dist/**'],
    fileParallelism: false,
    testTimeout: 240_000,
    hookTimeout: 240_000,
    pool: 'forks',
  },
});
