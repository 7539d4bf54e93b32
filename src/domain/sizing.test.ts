import { describe, expect, it } from 'vitest';
import {
  arbiterBrickSizeKib,
  fits,
  rawCapacity,
  reduceRawSize,
  roundUpToExtent,
  spaceNeeded,
  MAX_POOL_METADATA_KIB,
} from './sizing.js';
import { GiB, MiB } from './units.js';

const EXTENT = 4096;

describe('spaceNeeded (engine §1.4, §2.6, api §7)', () => {
  it.each([
    { name: '100 GiB brick', size: 100 * GiB, factor: 1, tp: 104857600, md: 524288, total: 105381888 },
    { name: '100 GiB brick, factor 1.5', size: 100 * GiB, factor: 1.5, tp: 157286400, md: 786432, total: 158072832 },
    { name: '1 GiB brick: metadata 5242 rounds up to 8192', size: 1 * GiB, factor: 1, tp: 1048576, md: 8192, total: 1056768 },
    { name: '10 GiB brick', size: 10 * GiB, factor: 1, tp: 10485760, md: 53248, total: 10539008 },
    { name: '250 GiB brick', size: 250 * GiB, factor: 1, tp: 262144000, md: 1310720, total: 263454720 },
    { name: 'odd size rounds the pool up to an extent', size: 1000, factor: 1, tp: 4096, md: 4096, total: 8192 },
  ])('$name', ({ size, factor, tp, md, total }) => {
    expect(spaceNeeded(size, factor, EXTENT)).toEqual({ tpSizeKib: tp, poolMetadataSizeKib: md, totalKib: total });
  });

  it('caps metadata at 16 GiB', () => {
    const space = spaceNeeded(4 * 1024 * GiB, 1, EXTENT);
    expect(space.poolMetadataSizeKib).toBe(MAX_POOL_METADATA_KIB);
  });

  it('widens the factor from float32 as Go does', () => {
    // 1.1 is not exact in float32: 1.100000023841858
    const size = 100 * GiB;
    const expectedTp = roundUpToExtent(Math.floor(size * Math.fround(1.1)), EXTENT);
    expect(spaceNeeded(size, 1.1, EXTENT).tpSizeKib).toBe(expectedTp);
    expect(expectedTp).not.toBe(roundUpToExtent(Math.floor(size * 1.1), EXTENT));
  });

  it('a 100 GiB brick takes a 500 GiB device down to 418906112 KiB', () => {
    expect(524288000 - spaceNeeded(100 * GiB, 1, EXTENT).totalKib).toBe(418906112);
  });
});

describe('fits', () => {
  it('is strict', () => {
    expect(fits(100, 99)).toBe(true);
    expect(fits(100, 100)).toBe(false);
    expect(fits(100, 101)).toBe(false);
  });

  it('a 500 GiB brick does not fit a 500 GiB device (metadata)', () => {
    expect(fits(500 * GiB, spaceNeeded(500 * GiB, 1, EXTENT).totalKib)).toBe(false);
  });
});

describe('roundUpToExtent', () => {
  it.each([
    [0, 4096, 0],
    [1, 4096, 4096],
    [4096, 4096, 4096],
    [4097, 4096, 8192],
    [5, 0, 5],
  ])('%i with extent %i -> %i', (v, e, out) => expect(roundUpToExtent(v, e)).toBe(out));
});

describe('block-hosting capacity', () => {
  it.each([
    [1100, 1078, 22],
    [1024, 1003, 21],
    [100, 98, 2],
    [1, 0, 1],
    [49, 48, 1],
  ])('%i GiB -> free %i, reserved %i', (size, free, reserved) => {
    expect(reduceRawSize(size)).toBe(free);
    expect(rawCapacity(size)).toEqual({ freeSizeGib: free, reservedSizeGib: reserved });
  });
});

describe('arbiterBrickSizeKib (engine §2.5)', () => {
  it.each([
    { data: 64 * GiB, avg: 64, out: 1 * GiB },
    { data: 100 * GiB, avg: 100, out: 1 * GiB },
    { data: 1 * GiB, avg: 64, out: 16 * MiB },
    { data: 2 * GiB, avg: 1, out: 2 * GiB },
    { data: 64, avg: 64, out: 16 * MiB },
  ])('$data KiB with average $avg KiB -> $out KiB', ({ data, avg, out }) => {
    expect(arbiterBrickSizeKib(data, avg)).toEqual({ ok: true, sizeKib: out });
  });

  it('fails when the data brick is smaller than the average file size', () => {
    expect(arbiterBrickSizeKib(1000, 1001)).toEqual({
      ok: false,
      message: 'Average file size (1001) is greater than Brick size (1000)',
    });
  });
});
