import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Logger } from './context.js';
import { PeriodicPass } from './periodic-pass.js';

const recordingLog = () => {
  const errors: string[] = [];
  const log = { error: (_o: unknown, msg: string) => errors.push(msg), warn: () => undefined, info: () => undefined, debug: () => undefined } as unknown as Logger;
  return { log, errors };
};

describe('PeriodicPass', () => {
  afterEach(() => vi.useRealTimers());

  it('runs after the first delay, then every interval, and goes on after a failed pass', async () => {
    vi.useFakeTimers();
    const { log, errors } = recordingLog();
    let passes = 0;
    const periodic = new PeriodicPass(async () => {
      passes++;
      if (passes === 2) throw new Error('node down');
    }, log, 'pass failed');
    periodic.start(5, 60);
    await vi.advanceTimersByTimeAsync(4_999);
    expect(passes).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(passes).toBe(1);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(passes).toBe(2);
    expect(errors).toEqual(['pass failed']);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(passes).toBe(3);
    await periodic.stop();
  });

  it('times the next pass from the end of a slow one, and after stop() schedules nothing', async () => {
    vi.useFakeTimers();
    const { log } = recordingLog();
    let passes = 0;
    const periodic = new PeriodicPass(async () => {
      passes++;
      await new Promise((resolve) => setTimeout(resolve, 30_000));
    }, log, 'pass failed');
    periodic.start(10, 10);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(passes).toBe(1);
    await vi.advanceTimersByTimeAsync(30_000); // the pass ends; the next is 10 s later, not at once
    expect(passes).toBe(1);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(passes).toBe(2);
    const stopped = periodic.stop();
    await vi.advanceTimersByTimeAsync(30_000); // stop() waits for the running pass
    await stopped;
    await vi.advanceTimersByTimeAsync(600_000);
    expect(passes).toBe(2);
  });
});
