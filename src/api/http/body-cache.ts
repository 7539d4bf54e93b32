/**
 * Serialised JSON bodies of read routes, kept until the database changes. At 10,000 volumes a
 * node's info is ~300 bricks and the volume list ~350 KB; building them again for every request
 * was most of their cost (docs/benchmarks.md). Entries are Buffers, so a hit is written to the
 * socket without encoding the text again.
 *
 * Bounded in bytes: the least recently used bodies go first, and a body larger than the whole
 * bound is never kept. Every entry goes at once when the stamp (the database's change counters)
 * moves; nothing is cached while the stamp is null (inside a transaction).
 */
export class BodyCache {
  private readonly entries = new Map<string, Buffer>();
  private bytes = 0;
  private lastStamp: string | null = null;

  /**
   * @param stamp the database's change stamp, null when nothing may be cached
   * @param maxBytes the bound on the bodies kept (0 turns the cache off)
   */
  constructor(
    private readonly stamp: () => string | null,
    readonly maxBytes: number,
  ) {}

  /** The body under `key`, built (and kept if it fits) when absent or outdated. */
  get(key: string, build: () => string): Buffer {
    if (this.maxBytes <= 0) return Buffer.from(build());
    const stamp = this.stamp();
    if (stamp === null) return Buffer.from(build());
    if (stamp !== this.lastStamp) this.clear(stamp);
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      // Map keeps insertion order: re-inserting makes this the most recently used.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const body = ownBuffer(build());
    if (body.length <= this.maxBytes) this.keep(key, body);
    return body;
  }

  /** Bodies and bytes now held (for /metrics and tests). */
  size(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }

  private keep(key: string, body: Buffer): void {
    this.entries.set(key, body);
    this.bytes += body.length;
    for (const [oldKey, old] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(oldKey);
      this.bytes -= old.length;
    }
  }

  private clear(stamp: string): void {
    this.entries.clear();
    this.bytes = 0;
    this.lastStamp = stamp;
  }
}

/**
 * The text as a Buffer with memory of its own: Buffer.from puts small texts in a shared 8 KiB
 * slab, which one kept body would hold on to whole, so the byte bound would not be the truth.
 */
function ownBuffer(text: string): Buffer {
  const buffer = Buffer.allocUnsafeSlow(Buffer.byteLength(text));
  buffer.write(text);
  return buffer;
}
