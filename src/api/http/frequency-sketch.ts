/**
 * How often each key was asked for lately, approximately, in fixed memory: a count-min sketch
 * (four rows of small saturating counters; a key's estimate is the least of its four counters, so
 * hash collisions can only raise it). Every counter is halved once enough keys have been counted,
 * so old popularity fades. The response cache asks it whether a new body is wanted more than the
 * bodies it would push out (TinyLFU admission).
 */
export class FrequencySketch {
  private readonly counters: Uint8Array;
  private readonly mask: number;
  private counted = 0;

  /**
   * @param width counters per row, a power of two (memory: 4 × width bytes)
   * @param resetAfter counts after which every counter is halved
   */
  constructor(
    width = 32_768,
    private readonly resetAfter = width * 10,
  ) {
    if (!Number.isInteger(Math.log2(width))) throw new Error(`sketch width must be a power of two: ${width}`);
    this.counters = new Uint8Array(width * ROWS);
    this.mask = width - 1;
  }

  /** Counts one request for `key`. */
  increment(key: string): void {
    const [h1, h2] = hashes(key);
    for (let row = 0; row < ROWS; row++) {
      const i = this.index(row, h1, h2);
      const count = this.counters[i]!;
      if (count < MAX_COUNT) this.counters[i] = count + 1;
    }
    if (++this.counted >= this.resetAfter) this.halve();
  }

  /** The requests counted for `key` (never fewer than were made since the last halving). */
  estimate(key: string): number {
    const [h1, h2] = hashes(key);
    let least = MAX_COUNT;
    for (let row = 0; row < ROWS; row++) least = Math.min(least, this.counters[this.index(row, h1, h2)]!);
    return least;
  }

  private index(row: number, h1: number, h2: number): number {
    return row * (this.mask + 1) + ((h1 + row * h2) & this.mask);
  }

  private halve(): void {
    for (let i = 0; i < this.counters.length; i++) this.counters[i] = this.counters[i]! >> 1;
    this.counted = 0;
  }
}

const ROWS = 4;
/** Saturating counters: beyond this, more requests tell admission nothing new. */
const MAX_COUNT = 255;

/** Two independent 32-bit hashes of the key (FNV-1a, and the same with another basis and a final mix). */
function hashes(key: string): [number, number] {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ key.length;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  b ^= b >>> 15;
  // Odd, so the rows step through every counter.
  return [a >>> 0, (b | 1) >>> 0];
}
