import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The directory of heketi-ts's package.json, found by walking up from this module: the same code
 * runs from src/ (tests), dist/tsc/ (tsc's output) and dist/ (the bundle, scripts/build.mjs), each
 * at another depth, and reads files shipped next to it (migrations/, package.json, the example
 * topology).
 */
export const PROJECT_ROOT = findRoot(dirname(fileURLToPath(import.meta.url)));

function findRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'heketi-ts') return dir;
    if (dirname(dir) === dir) throw new Error(`heketi-ts's package.json not found above ${start}`);
  }
}

/** heketi-ts's version, from its package.json. */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}
