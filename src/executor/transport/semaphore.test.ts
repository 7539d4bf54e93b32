import { describe, expect, it } from 'vitest';
import { KeyedMutex, Semaphore, SharedExclusiveLock } from './semaphore.js';

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

describe('KeyedMutex bookkeeping', () => {
  it('forgets a key once nobody holds or waits for it', async () => {
    const locks = new KeyedMutex();
    const gate = deferred();
    const first = locks.run('v1', () => gate.promise);
    const second = locks.run('v1', async () => undefined);
    expect(locks.size).toBe(1);
    gate.resolve();
    await Promise.all([first, second]);
    await expect(locks.run('v2', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(locks.size).toBe(0);
  });
});

describe('SharedExclusiveLock', () => {
  it('runs shared holders together and an exclusive holder alone, in arrival order', async () => {
    const lock = new SharedExclusiveLock();
    const events: string[] = [];
    const gates = { s1: deferred(), s2: deferred(), x: deferred() };
    const s1 = lock.run('shared', async () => { events.push('s1'); await gates.s1.promise; events.push('s1 end'); });
    const s2 = lock.run('shared', async () => { events.push('s2'); await gates.s2.promise; events.push('s2 end'); });
    const x = lock.run('exclusive', async () => { events.push('x'); await gates.x.promise; events.push('x end'); });
    const s3 = lock.run('shared', async () => void events.push('s3'));
    await new Promise((r) => setImmediate(r));
    expect(events).toEqual(['s1', 's2']);
    gates.s1.resolve();
    await s1;
    expect(events).toEqual(['s1', 's2', 's1 end']);
    gates.s2.resolve();
    await s2;
    await new Promise((r) => setImmediate(r));
    expect(events).toEqual(['s1', 's2', 's1 end', 's2 end', 'x']);
    gates.x.resolve();
    await Promise.all([x, s3]);
    expect(events).toEqual(['s1', 's2', 's1 end', 's2 end', 'x', 'x end', 's3']);
  });

  it('lets the next holder in when a task throws', async () => {
    const lock = new SharedExclusiveLock();
    await expect(lock.run('exclusive', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(lock.run('shared', async () => 'ok')).resolves.toBe('ok');
    await expect(lock.run('exclusive', async () => 'again')).resolves.toBe('again');
  });
});
