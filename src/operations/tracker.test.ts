import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../domain/errors.js';
import { InFlightTracker, type Release } from './tracker.js';

/** Settles pending promise callbacks (a grant resolves its waiter's promise). */
const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The 429 the tracker rejects with, as the HTTP layer sees it. */
async function refusal(p: Promise<Release>): Promise<{ status: number; message: string; headers: Record<string, string> }> {
  const e = await p.then(
    () => new Error('granted'),
    (err: unknown) => err,
  );
  if (!(e instanceof AppError)) throw e;
  return { status: e.httpStatus, message: e.message, headers: e.headers };
}

describe('InFlightTracker', () => {
  afterEach(() => vi.useRealTimers());

  it('never refuses unthrottled work, and counts it', async () => {
    const tracker = new InFlightTracker({ limit: 1 });
    await tracker.acquire(true);
    const a = await tracker.acquire(false);
    await tracker.acquire(false);
    expect(tracker.inFlight()).toBe(3);
    a();
    a();
    expect(tracker.inFlight()).toBe(2);
  });

  it('with no wait answers 429 at once, with Retry-After unless it is 0 (as Heketi)', async () => {
    const tracker = new InFlightTracker({ limit: 1, waitMs: 0, retryAfterSeconds: 7 });
    await tracker.acquire(true);
    expect(await refusal(tracker.acquire(true))).toEqual({ status: 429, message: 'Server busy. Retry operation later.', headers: { 'Retry-After': '7' } });
    const heketi = new InFlightTracker({ limit: 1, waitMs: 0, retryAfterSeconds: 0 });
    await heketi.acquire(true);
    expect((await refusal(heketi.acquire(true))).headers).toEqual({});
  });

  it('has no limit at 0', async () => {
    const tracker = new InFlightTracker({ limit: 0 });
    for (let i = 0; i < 20; i++) await tracker.acquire(true);
    expect(tracker.inFlight()).toBe(20);
  });

  it('hands each freed slot to the longest waiting request, first come first served', async () => {
    const tracker = new InFlightTracker({ limit: 1, waitMs: 60_000 });
    const first = await tracker.acquire(true);
    const granted: string[] = [];
    const waiters = ['b', 'c', 'd'].map((name) => tracker.acquire(true).then((release) => (granted.push(name), release)));
    await flush();
    expect([granted, tracker.waitingCount(), tracker.inFlight()]).toEqual([[], 3, 1]);

    first();
    await flush();
    expect([granted, tracker.waitingCount(), tracker.inFlight()]).toEqual([['b'], 2, 1]);

    // A newcomer finds the slot taken and queues behind c and d.
    const late = tracker.acquire(true).then((release) => (granted.push('late'), release));
    (await waiters[0]!)();
    await flush();
    (await waiters[1]!)();
    await flush();
    (await waiters[2]!)();
    await flush();
    expect(granted).toEqual(['b', 'c', 'd', 'late']);
    (await late)();
    expect([tracker.inFlight(), tracker.waitingCount()]).toEqual([0, 0]);
  });

  it('answers 429 when no slot frees up within the wait, and forgets that request', async () => {
    vi.useFakeTimers();
    const tracker = new InFlightTracker({ limit: 1, waitMs: 5000, retryAfterSeconds: 5 });
    const holder = await tracker.acquire(true);
    const waiting = refusal(tracker.acquire(true));
    await vi.advanceTimersByTimeAsync(4999);
    expect(tracker.waitingCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(await waiting).toMatchObject({ status: 429 });
    expect(tracker.waitingCount()).toBe(0);

    // The slot it waited for goes to nobody: the next request takes it straight away.
    holder();
    expect(tracker.inFlight()).toBe(0);
    await tracker.acquire(true);
    expect(tracker.inFlight()).toBe(1);
  });

  it('lets at most maxWaiting requests wait; the rest get 429 at once', async () => {
    const tracker = new InFlightTracker({ limit: 1, waitMs: 60_000, maxWaiting: 2 });
    const holder = await tracker.acquire(true);
    const waiters = [tracker.acquire(true), tracker.acquire(true)];
    expect(await refusal(tracker.acquire(true))).toMatchObject({ status: 429 });
    expect(tracker.waitingCount()).toBe(2);
    holder();
    (await waiters[0]!)();
    (await waiters[1]!)();
    expect(tracker.inFlight()).toBe(0);
  });
});
