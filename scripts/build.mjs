#!/usr/bin/env node
/**
 * Builds what `node dist/main.js` runs: TypeScript compiled by tsc into dist/tsc/, then bundled
 * by esbuild into dist/main.js and its chunks. One bundled program, with its dependencies'
 * whitespace and comments gone, starts ~8 MiB smaller than the same modules loaded one file at a
 * time (V8 keeps every module's source for lazy compilation, and a module record per file;
 * docs/benchmarks.md, "Memory"). Names are kept, so stack traces stay readable; the chunk split
 * keeps what the program imports on demand (the server, the kubernetes executor, the db commands)
 * out of what a CLI command loads.
 *   node scripts/build.mjs
 */
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Left to node_modules: native addons (better-sqlite3; ssh2's optional cpu-features), packages
 * that read files next to their own code (Swagger UI's assets), and the Kubernetes client, loaded
 * only by the kubernetes executor and too large to parse with every start.
 */
const EXTERNAL = ['better-sqlite3', 'ssh2', 'cpu-features', '@kubernetes/client-node', '@fastify/swagger', '@fastify/swagger-ui'];

rmSync(join(root, 'dist'), { recursive: true, force: true });
execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
await build({
  absWorkingDir: root,
  entryPoints: { main: 'dist/tsc/main.js' },
  outdir: 'dist',
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: EXTERNAL,
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: 'linked',
  logLevel: 'warning',
  // Bundled CommonJS packages call require() for node's own modules; an ES module has none.
  banner: { js: "import { createRequire as __heketiTsRequire } from 'node:module'; const require = __heketiTsRequire(import.meta.url);" },
});
// The bundle's source maps lead to src/ through tsc's; nothing runs dist/tsc/.
rmSync(join(root, 'dist/tsc'), { recursive: true, force: true });
