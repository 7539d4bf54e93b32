import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cpuMsOf, HEKETI_TS_NODE_FLAGS, rssMibOf } from './servers.js';

const root = new URL('../../', import.meta.url);

describe('heketi-ts as the bench runs it', () => {
  it('has the V8 flags the Dockerfile (NODE_OPTIONS) and npm start run it with', () => {
    const nodeOptions = /^ENV NODE_OPTIONS=(.*)$/m.exec(readFileSync(new URL('Dockerfile', root), 'utf8'))?.[1];
    expect(nodeOptions).toBe(HEKETI_TS_NODE_FLAGS.join(' '));
    const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.start).toBe(`node ${HEKETI_TS_NODE_FLAGS.join(' ')} bin/heketi-ts.js serve`);
  });
});

describe('/proc readings', () => {
  it('reads this process: some CPU time used, RSS in MiB', () => {
    let x = 0;
    for (let i = 0; i < 5e7; i++) x += i;
    expect(x).toBeGreaterThan(0);
    expect(cpuMsOf(process.pid)).toBeGreaterThan(0);
    const rss = rssMibOf(process.pid);
    expect(rss).toBeGreaterThan(10);
    expect(rss).toBeLessThan(4096);
  });
});
