/** Runs async work with a fixed number of concurrent workers (bounded loops, no unbounded fan-out). */

/** Calls `work(i)` for i in [0, count) with at most `concurrency` calls in flight. */
export async function forEachConcurrent(
  count: number,
  concurrency: number,
  work: (index: number, worker: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (w: number): Promise<void> => {
    while (next < count) {
      const i = next++;
      await work(i, w);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, (_, w) => worker(w)));
}

/**
 * Runs `work` in `concurrency` loops until `durationMs` has passed; returns the elapsed ms.
 * Each call gets the ms since the start at which its loop found time left, always < durationMs,
 * so a caller's timeline shares the deadline's clock reading.
 */
export async function runFor(
  durationMs: number,
  concurrency: number,
  work: (worker: number, atMs: number) => Promise<void>,
): Promise<number> {
  const start = performance.now();
  const end = start + durationMs;
  const loop = async (w: number): Promise<void> => {
    for (let now = performance.now(); now < end; now = performance.now()) await work(w, now - start);
  };
  await Promise.all(Array.from({ length: concurrency }, (_, w) => loop(w)));
  return performance.now() - start;
}
