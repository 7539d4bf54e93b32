import { describe, expect, it } from 'vitest';
import { KeyedMutex, Semaphore } from './semaphore.js';

const deferred = (): { promise: Promise<void>; resolve: () => void } => {
  let resolve = (): void => undefined;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
};

describe('Semaphore', () => {
  it('never lets more than its permits run, and serves waiters in order', async () => {
    const semaphore = new Semaphore(2);
    let running = 0;
    let peak = 0;
    const order: number[] = [];
    const gates = Array.from({ length: 5 }, deferred);
    const tasks = gates.map((gate, i) =>
      semaphore.run(async () => {
        running++;
        peak = Math.max(peak, running);
        order.push(i);
        await gate.promise;
        running--;
      }),
    );
    for (const gate of gates) {
      await new Promise((r) => setImmediate(r));
      gate.resolve();
    }
    await Promise.all(tasks);
    expect(peak).toBe(2);
    expect(order).toEqual([0, 1, 2, 3, 4]);
  });

  it('releases the permit when the task throws', async () => {
    const mutex = new Semaphore(1);
    await expect(mutex.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(mutex.run(async () => 'ok')).resolves.toBe('ok');
    expect(() => new Semaphore(0)).toThrow();
  });
});

describe('KeyedMutex', () => {
  it('serialises one key and runs different keys in parallel', async () => {
    const locks = new KeyedMutex();
    const gate = deferred();
    const events: string[] = [];
    const a1 = locks.run('a', async () => {
      events.push('a1 start');
      await gate.promise;
      events.push('a1 end');
    });
    const a2 = locks.run('a', async () => void events.push('a2'));
    const b = locks.run('b', async () => void events.push('b'));
    await b;
    expect(events).toEqual(['a1 start', 'b']);
    gate.resolve();
    await Promise.all([a1, a2]);
    expect(events).toEqual(['a1 start', 'b', 'a1 end', 'a2']);
  });
});
