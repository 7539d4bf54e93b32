/**
 * Heketi's brick space arithmetic, in KiB (device_entry.go, placer_arbiter.go, volume_entry.go).
 * Every number here ends up in a device's free/used counters, so it must match Heketi to the KiB.
 */
import { GiB, MiB } from './units.js';

/** Heketi caps thin-pool metadata at 16 GiB (maxPoolMetadataSizeMb). */
export const MAX_POOL_METADATA_KIB = 16 * GiB;

/** Thin-pool metadata is 0.5% of the pool. */
const POOL_METADATA_RATIO = 0.005;

/** The smallest arbiter brick Heketi creates. */
export const MIN_ARBITER_BRICK_KIB = 16 * MiB;

/** What one brick costs on its device. */
export interface BrickSpace {
  /** Thin pool size: requested size times the snapshot factor, rounded up to the extent. */
  tpSizeKib: number;
  /** Thin pool metadata: 0.5% of the pool, at most 16 GiB, rounded up to the extent. */
  poolMetadataSizeKib: number;
  /** tpSizeKib + poolMetadataSizeKib: what the device's free space drops by. */
  totalKib: number;
}

/** Rounds up to a whole number of extents; an extent size of 0 or less leaves the value alone. */
export function roundUpToExtent(kib: number, extentSizeKib: number): number {
  if (extentSizeKib <= 0 || kib % extentSizeKib === 0) return kib;
  return (Math.floor(kib / extentSizeKib) + 1) * extentSizeKib;
}

/**
 * The space a brick of `sizeKib` needs. Heketi stores the snapshot factor as a float32 and widens
 * it to float64 before multiplying, so the factor goes through Math.fround first.
 */
export function spaceNeeded(sizeKib: number, snapshotFactor: number, extentSizeKib: number): BrickSpace {
  const tpSizeKib = roundUpToExtent(Math.floor(sizeKib * Math.fround(snapshotFactor)), extentSizeKib);
  const metadata = Math.min(Math.floor(tpSizeKib * POOL_METADATA_RATIO), MAX_POOL_METADATA_KIB);
  const poolMetadataSizeKib = roundUpToExtent(metadata, extentSizeKib);
  return { tpSizeKib, poolMetadataSizeKib, totalKib: tpSizeKib + poolMetadataSizeKib };
}

/** Heketi's capacity test is strict: a device whose free space equals the need is full. */
export const fits = (freeKib: number, totalKib: number): boolean => freeKib > totalKib;

/** Block-hosting volumes keep 2% of their size back (ReduceRawSize); integer GiB arithmetic. */
export const reduceRawSize = (sizeGib: number): number => Math.floor((sizeGib * 98) / 100);

/** Block-hosting capacity of a volume (or an expansion) of `sizeGib`. */
export function rawCapacity(sizeGib: number): { freeSizeGib: number; reservedSizeGib: number } {
  const freeSizeGib = reduceRawSize(sizeGib);
  return { freeSizeGib, reservedSizeGib: sizeGib - freeSizeGib };
}

export type ArbiterSizeResult = { ok: true; sizeKib: number } | { ok: false; message: string };

/**
 * An arbiter brick only holds metadata: one entry per expected file, so its size is the data
 * brick size divided by the average file size, never below 16 MiB.
 */
export function arbiterBrickSizeKib(dataBrickKib: number, averageFileSizeKib: number): ArbiterSizeResult {
  if (averageFileSizeKib <= 0 || dataBrickKib < averageFileSizeKib) {
    return {
      ok: false,
      message: `Average file size (${averageFileSizeKib}) is greater than Brick size (${dataBrickKib})`,
    };
  }
  return { ok: true, sizeKib: Math.max(Math.floor(dataBrickKib / averageFileSizeKib), MIN_ARBITER_BRICK_KIB) };
}
