import { defineConfig } from 'vitest/config';

// `npm run test:kube` (test/kube/run.sh): the kubernetes executor through a real kube-apiserver,
// with one kwok per test-bed node, on real glusterd and XFS bricks, as root. The files run one
// after another: they share the bed's nodes and disks.
export default defineConfig({
  test: {
    include: ['test/kube/**/*.kube.test.ts'],
    exclude: ['node_modules/**', 'dist/**'],
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 300_000,
    pool: 'forks',
  },
});
