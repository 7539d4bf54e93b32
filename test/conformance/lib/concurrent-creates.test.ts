import { describe, expect, it } from 'vitest';
import { canonicalConcurrentCreates } from './concurrent-creates.js';
import type { Captured } from './proxy.js';

const id = (c: string) => c.repeat(32);
let seq = 0;
const ex = (method: string, path: string, status: number, location?: string): Captured => ({
  seq: ++seq,
  request: { method, path, body: '' },
  response: { status, headers: location ? { location } : {}, body: '' },
});
const post = (status: number, queue?: string) => ex('POST', '/volumes', status, queue ? `/queue/${id(queue)}` : undefined);
const done = (queue: string, volume: string) => ex('GET', `/queue/${id(queue)}`, 303, `/volumes/${id(volume)}`);
const read = (volume: string) => ex('GET', `/volumes/${id(volume)}`, 200);
const show = (cs: Captured[]) => cs.map((c) => `${c.request.method} ${c.request.path.replace(/([0-9a-f])\1{31}/, '$1')} ${c.response.status}`);

describe('canonicalConcurrentCreates', () => {
  const before = ex('GET', `/clusters/${id('c')}`, 200);
  const after = ex('DELETE', `/volumes/${id('e')}`, 202);

  it('stores the creates one after the other in the order their volumes appeared, with one 429 after the first POST', () => {
    const interleaved = [before, post(429), post(202, '1'), post(429), post(202, '2'), ex('GET', `/queue/${id('2')}`, 200), done('2', 'f'), done('1', 'e'), post(429), read('f'), read('e'), after];
    const rank = (raw: string) => ({ [id('f')]: 1, [id('e')]: 2 })[raw];
    expect(show(canonicalConcurrentCreates(interleaved, rank))).toEqual([
      'GET /clusters/c 200',
      'POST /volumes 202',
      'POST /volumes 429',
      'GET /queue/2 200',
      'GET /queue/2 303',
      'GET /volumes/f 200',
      'POST /volumes 202',
      'GET /queue/1 303',
      'GET /volumes/e 200',
      'DELETE /volumes/e 202',
    ]);
  });

  it('gives the same stream whatever the interleaving and the number of 429s', () => {
    const rank = (raw: string) => ({ [id('e')]: 1, [id('f')]: 2 })[raw];
    const a = [post(202, '1'), post(429), done('1', 'e'), read('e'), post(202, '2'), done('2', 'f'), read('f')];
    const b = [post(429), post(429), post(202, '1'), post(202, '2'), done('1', 'e'), read('e'), post(429), done('2', 'f'), read('f')];
    expect(show(canonicalConcurrentCreates(a, rank))).toEqual(show(canonicalConcurrentCreates(b, rank)));
  });

  it('refuses a stretch of creates with another request in it, or a create that never read its volume', () => {
    expect(() => canonicalConcurrentCreates([post(202, '1'), before, done('1', 'e'), read('e')], () => 1)).toThrow(/exchange 2 \(GET \/clusters\/.* → 200\) belongs to no create/);
    expect(() => canonicalConcurrentCreates([post(202, '1'), done('1', 'e')], () => 1)).toThrow(/did not end with its volume read/);
  });

  it('leaves a capture without creates as it is', () => {
    expect(canonicalConcurrentCreates([before, after], () => undefined)).toEqual([before, after]);
  });
});
