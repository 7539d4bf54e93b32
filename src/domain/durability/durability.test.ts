import { describe, expect, it } from 'vitest';
import type { DurabilityRequest } from '../entities.js';
import { GiB, TiB } from '../units.js';
import { durabilityStrategy, effectiveDurability } from './index.js';

const LIMITS = { brickMinSizeKib: 1 * GiB, brickMaxSizeKib: 4 * TiB };

const request = (type: string | undefined, extra: Partial<DurabilityRequest> = {}): DurabilityRequest => ({
  type,
  replicate: {},
  disperse: {},
  ...extra,
});

describe('effectiveDurability (Heketi defaults)', () => {
  it.each([
    { name: 'absent type is none', req: request(undefined), out: { type: 'none' } },
    { name: 'empty type is none', req: request(''), out: { type: 'none' } },
    { name: 'none', req: request('none'), out: { type: 'none' } },
    {
      name: 'replicate without replica is replica 2',
      req: request('replicate'),
      out: { type: 'replicate', replica: 2, arbiter: false },
    },
    {
      name: 'replicate 0 is replica 2',
      req: request('replicate', { replicate: { replica: 0 } }),
      out: { type: 'replicate', replica: 2, arbiter: false },
    },
    {
      name: 'replicate 3',
      req: request('replicate', { replicate: { replica: 3 } }),
      out: { type: 'replicate', replica: 3, arbiter: false },
    },
    {
      name: 'disperse defaults 4+2',
      req: request('disperse'),
      out: { type: 'disperse', data: 4, redundancy: 2 },
    },
    {
      name: 'disperse 8+3',
      req: request('disperse', { disperse: { data: 8, redundancy: 3 } }),
      out: { type: 'disperse', data: 8, redundancy: 3 },
    },
  ])('$name', ({ req, out }) => {
    expect(effectiveDurability(req, [])).toEqual(out);
  });

  it.each([
    [['user.heketi.arbiter true'], true],
    [['user.heketi.arbiter 1'], true],
    [['user.heketi.arbiter T'], true],
    [['user.heketi.arbiter yes'], false],
    [['user.heketi.arbiter  true'], false],
    [['user.heketi.arbiter true', 'user.heketi.arbiter false'], false],
    [['', 'user.heketi.arbiter True', ''], true],
  ])('arbiter from options %j -> %s', (options, arbiter) => {
    const d = effectiveDurability(request('replicate', { replicate: { replica: 3 } }), options);
    expect(d).toEqual({ type: 'replicate', replica: 3, arbiter });
  });

  it('rejects an unknown type', () => {
    expect(() => effectiveDurability(request('mirror'), [])).toThrow(/Unknown durability type/);
  });
});

describe('strategies', () => {
  it.each([
    { d: { type: 'none' as const }, set: 1, min: 1 * GiB, quorum: 1 },
    { d: { type: 'replicate' as const, replica: 2, arbiter: false }, set: 2, min: 1 * GiB, quorum: 1 },
    { d: { type: 'replicate' as const, replica: 3, arbiter: true }, set: 3, min: 1 * GiB, quorum: 2 },
    { d: { type: 'disperse' as const, data: 4, redundancy: 2 }, set: 6, min: 4 * GiB, quorum: 4 },
    { d: { type: 'disperse' as const, data: 8, redundancy: 4 }, set: 12, min: 8 * GiB, quorum: 8 },
  ])('$d.type: set $set, min volume $min, quorum $quorum', ({ d, set, min, quorum }) => {
    const s = durabilityStrategy(d);
    expect(s.bricksInSet).toBe(set);
    expect(s.minVolumeSizeKib(1 * GiB)).toBe(min);
    expect(s.replacementQuorum).toBe(quorum);
    expect(s.executorSpec()).toEqual(d);
  });
});

describe('heketiCandidates (engine §2.3)', () => {
  const replica3 = durabilityStrategy({ type: 'replicate', replica: 3, arbiter: false });

  it('replica 3, 100 GiB: 1×100, 2×50, 4×25, 8×12.5 … down to the minimum', () => {
    const c = replica3.heketiCandidates(100 * GiB, LIMITS);
    expect(c.slice(0, 4)).toEqual([
      { setCount: 1, brickSizeKib: 100 * GiB },
      { setCount: 2, brickSizeKib: 50 * GiB },
      { setCount: 4, brickSizeKib: 25 * GiB },
      { setCount: 8, brickSizeKib: 12.5 * GiB },
    ]);
    expect(c.map((x) => x.setCount)).toEqual([1, 2, 4, 8, 16, 32, 64]);
    expect(c.at(-1)).toEqual({ setCount: 64, brickSizeKib: Math.floor((100 * GiB) / 64) });
  });

  it('replica 2, 2000 GiB reaches 8 sets of 250 GiB', () => {
    const c = durabilityStrategy({ type: 'replicate', replica: 2, arbiter: false }).heketiCandidates(2000 * GiB, LIMITS);
    expect(c[3]).toEqual({ setCount: 8, brickSizeKib: 250 * GiB });
  });

  it('disperse 4+2, 100 GiB: 1 set of 25 GiB bricks, then 2 of 12.5 GiB', () => {
    const c = durabilityStrategy({ type: 'disperse', data: 4, redundancy: 2 }).heketiCandidates(100 * GiB, LIMITS);
    expect(c.slice(0, 2)).toEqual([
      { setCount: 1, brickSizeKib: 25 * GiB },
      { setCount: 2, brickSizeKib: 12.5 * GiB },
    ]);
  });

  it('divides with integer steps as Go does', () => {
    const c = durabilityStrategy({ type: 'disperse', data: 8, redundancy: 3 }).heketiCandidates(9 * GiB + 5, {
      brickMinSizeKib: 1,
      brickMaxSizeKib: 4 * TiB,
    });
    expect(c[1]).toEqual({ setCount: 2, brickSizeKib: Math.floor(Math.floor((9 * GiB + 5) / 2) / 8) });
  });

  it('skips bricks above the maximum without stopping', () => {
    const c = replica3.heketiCandidates(10 * TiB, LIMITS);
    expect(c[0]).toEqual({ setCount: 4, brickSizeKib: 2.5 * TiB });
  });

  it('is empty when even one set is below the minimum', () => {
    expect(replica3.heketiCandidates(512 * 1024, LIMITS)).toEqual([]);
  });

  it('brickSizeForSets rounds up so the sets cover the volume', () => {
    expect(replica3.brickSizeForSets(100 * GiB, 3)).toBe(Math.ceil((100 * GiB) / 3));
    expect(replica3.brickSizeForSets(100 * GiB, 3) * 3).toBeGreaterThanOrEqual(100 * GiB);
    const ec = durabilityStrategy({ type: 'disperse', data: 4, redundancy: 2 });
    expect(ec.brickSizeForSets(100 * GiB, 3)).toBe(Math.ceil((100 * GiB) / 12));
  });
});
