import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { busyLoopSource, coresIn, startBackgroundLoad } from './background-load.js';
import { cpuMsOf } from './servers.js';

describe('background load', () => {
  it('counts the cores of a taskset list', () => {
    expect(coresIn('0', 2)).toBe(1);
    expect(coresIn('0-1', 4)).toBe(2);
    expect(coresIn('0,2-4', 8)).toBe(4);
    expect(coresIn(null, 2)).toBe(2);
  });

  it('busy loop ends by itself at its deadline', () => {
    const result = spawnSync(process.execPath, ['-e', busyLoopSource(200)], { timeout: 20_000 });
    expect(result.status).toBe(0);
  });

  it('uses CPU while running and is gone once stopped', async () => {
    const load = startBackgroundLoad(null, 1, 60_000);
    const pids = spawnSync('pgrep', ['-P', String(process.pid), '-f', 'while \\(Date.now'], { encoding: 'utf8' }).stdout.trim().split('\n').filter(Boolean).map(Number);
    expect(pids).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 500));
    expect(cpuMsOf(pids[0]!)).toBeGreaterThan(0);
    await load.stop();
    expect(() => cpuMsOf(pids[0]!)).toThrow();
  });
});
