import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { SignedClient } from '../lib/http.js';
import { readLoad, WARM_UP_FIRST_INDEX } from './reads.js';

describe('readLoad', () => {
  it('warms up on the first path only, unless told to warm up on its own kind of paths, numbered apart from the recorded ones', async () => {
    const server = createServer((_req, res) => res.end('{}'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      for (const fromSequence of [false, true]) {
        const client = new SignedClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, 'admin', 'key');
        const asked: number[] = [];
        const latencies: number[] = [];
        const f = await readLoad(
          client,
          (i) => {
            asked.push(i);
            return `/r/${i}`;
          },
          { durationMs: 400, concurrency: 2, warmUpMs: 100, warmUpFromSequence: fromSequence, onLatency: (at) => latencies.push(at) },
        );
        client.closeReads();
        // The warm-up's paths are all asked for before the first recorded one (number 0).
        // (Path numbers are asked for in order, so the recorded 0 comes just before the 1.)
        const firstRecorded = fromSequence ? asked.indexOf(0) : asked.indexOf(1) - 1;
        const warmUp = asked.slice(0, firstRecorded);
        const recorded = asked.slice(firstRecorded);
        // One warm-up read per connection whatever the machine's load, then more while its 100 ms last.
        expect(warmUp.length).toBeGreaterThanOrEqual(2);
        expect(warmUp).toEqual(fromSequence ? warmUp.map((_, k) => WARM_UP_FIRST_INDEX + k) : warmUp.map(() => 0));
        expect(recorded).toEqual(recorded.map((_, k) => k));
        // Every recorded request, and no warm-up request, reaches the timeline hook, timed from the recorded part's start.
        expect(latencies).toHaveLength(recorded.length);
        expect(f.errors).toBe(0);
        expect(Math.min(...latencies)).toBeGreaterThanOrEqual(0);
        expect(Math.max(...latencies)).toBeLessThan(400);
      }
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
