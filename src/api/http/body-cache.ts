import { FrequencySketch } from './frequency-sketch.js';

/**
 * Serialised JSON bodies of read routes, kept until the database changes. At 10,000 volumes a
 * node's info is ~300 bricks and the volume list ~350 KB; building them again for every request
 * was most of their cost (docs/benchmarks.md). A large body is kept as a Buffer, so a hit is
 * written to the socket without encoding the text again; a small one (most of them: volume and
 * device infos) as its text, which lives in V8's heap, where the collector compacts what the
 * cache lets go, rather than in malloc's, where thousands of freed bodies of every size left
 * holes malloc could not give back (docs/benchmarks.md, "Memory"). Node writes such a text to
 * the socket through a buffer on the stack, so keeping it costs a hit no allocation.
 *
 * Bounded in bytes, and a body larger than the whole bound is never kept. A body is kept from
 * its second request on (the first only counts), and once the cache is full only if it has been
 * asked for more often than every body it would push out, least recently used first (TinyLFU
 * admission, the counts in a FrequencySketch); a body that turns a newcomer away goes to the back
 * of the line, so the next newcomer meets other bodies. Plain LRU kept every new body: a pass over
 * more bodies than fit (a client reading every volume, as `heketi-cli topology info` does) pushed
 * out the node and device bodies asked for again and again, and the endless freeing and
 * allocating of bodies of every size left the process holding ~27 MiB of freed malloc memory at
 * 10,000 volumes (docs/benchmarks.md, "Memory").
 *
 * Every entry goes at once when the stamp (the database's change counters) moves; nothing is
 * cached while the stamp is null (inside a transaction).
 */
export class BodyCache {
  private readonly entries = new Map<string, Entry>();
  private readonly frequency = new FrequencySketch();
  private bytes = 0;
  private lastStamp: string | null = null;
  private hits = 0;
  private misses = 0;

  /**
   * @param stamp the database's change stamp, null when nothing may be cached
   * @param maxBytes the bound on the bodies kept (0 turns the cache off)
   */
  constructor(
    private readonly stamp: () => string | null,
    readonly maxBytes: number,
  ) {}

  /**
   * The body under `key`, built (and kept if it fits and is wanted enough) when absent or outdated:
   * a kept body as its text or Buffer (by size), one not kept as the text `build` gave.
   * `build` is given the stamp read for this lookup (null when nothing may be kept), so that it
   * can reuse parts it keeps under the same stamp without reading the stamp again.
   */
  get(key: string, build: (stamp: string | null) => string): Buffer | string {
    return this.getUnder(this.currentStamp(), key, build);
  }

  /**
   * The change stamp bodies are kept under now (null: the cache is off, or inside a transaction),
   * for a caller that looks up several bodies for one response with getUnder.
   */
  currentStamp(): string | null {
    return this.maxBytes <= 0 ? null : this.stamp();
  }

  /**
   * Whether a body is kept under `key`, current or not: a caller that would otherwise build it from
   * a statement that reads the stamp itself reads the stamp first only when this is true.
   */
  holds(key: string): boolean {
    return this.maxBytes > 0 && this.entries.has(key);
  }

  /**
   * As get, under a stamp the caller read for this response (currentStamp, or the store's own when
   * the body's parts are kept elsewhere too): a response made of several kept bodies (a node info of
   * its devices' infos) reads the stamp once, not per body. With `displace` false a new body is kept
   * only in room still free, never in place of another: for a body its caller can rebuild cheaply
   * from parts it keeps itself, where a full cache turning bodies over would only make garbage.
   */
  getUnder(stamp: string | null, key: string, build: (stamp: string | null) => string, displace = true): Buffer | string {
    if (stamp === null || this.maxBytes <= 0) return build(null);
    if (stamp !== this.lastStamp) this.clear(stamp);
    this.frequency.increment(key);
    const hit = this.entries.get(key);
    if (hit !== undefined) return this.answer(key, hit);
    this.misses++;
    return this.keep(key, build(stamp), displace);
  }

  /** A hit: counted, and made the most recently used (a Map keeps insertion order). */
  private answer(key: string, entry: Entry): Buffer | string {
    this.hits++;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.body;
  }

  /** A body just built under the current stamp: kept if admitted, and returned as it is written. */
  private keep(key: string, text: string, displace: boolean): Buffer | string {
    const length = Buffer.byteLength(text);
    // A body not kept goes out as text: the socket write encodes it into memory freed as soon as
    // the write is done, where a Buffer would wait for a GC, and at 50,000 volumes thousands of
    // such Buffers a second (nearly every volume read misses) grew malloc's heap for good.
    if (!this.admit(key, length, displace)) return text;
    const body = length < BUFFER_FROM_BYTES ? text : ownBuffer(text, length);
    this.entries.set(key, { body, bytes: length });
    this.bytes += length;
    return body;
  }

  /** Bodies and bytes now held (for /metrics and tests). */
  size(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }

  /** Lookups answered from the cache and built, since start (for /metrics; not counted while off or in a transaction). */
  lookups(): { hits: number; misses: number } {
    return { hits: this.hits, misses: this.misses };
  }

  /**
   * Whether a new body of `length` bytes under `key` is kept; when it is, the least recently used
   * bodies it needs the room of are gone. Never on its first request (counted by the sketch, so
   * across database changes); then it is kept if it fits, or if it was asked for more
   * often than each of those bodies (never, without `displace`); otherwise the first body that was
   * asked for as often becomes the most recently used.
   */
  private admit(key: string, length: number, displace: boolean): boolean {
    const wanted = this.frequency.estimate(key);
    if (length > this.maxBytes || wanted < MIN_REQUESTS) return false;
    if (!displace) return length <= this.maxBytes - this.bytes;
    const victims: string[] = [];
    let room = this.maxBytes - this.bytes;
    for (const [oldKey, old] of this.entries) {
      if (room >= length) break;
      if (this.frequency.estimate(oldKey) >= wanted) {
        // A second chance that ends the first: a body asked for often long ago (a client's
        // warm-up, say) would otherwise sit at the head for good and turn every newcomer away.
        this.entries.delete(oldKey);
        this.entries.set(oldKey, old);
        return false;
      }
      victims.push(oldKey);
      room += old.bytes;
    }
    for (const victim of victims) {
      this.bytes -= this.entries.get(victim)!.bytes;
      this.entries.delete(victim);
    }
    return true;
  }

  private clear(stamp: string): void {
    this.entries.clear();
    this.bytes = 0;
    this.lastStamp = stamp;
  }
}

interface Entry {
  body: Buffer | string;
  /** Its length in bytes, as written to the socket. */
  bytes: number;
}

/**
 * Bodies from this many bytes on are kept as Buffers. Below it, as text: node:stream_base writes
 * a text of up to 16 KiB through a stack buffer (no allocation), and the text itself sits in V8's
 * compacted heap. Above it every write of a text would allocate its bytes anew.
 */
export const BUFFER_FROM_BYTES = 16 * 1024;

/**
 * Requests before a body is kept: a body asked for once (each volume's info during a pass over
 * every volume) never takes memory, and hot bodies are kept from their first request after a
 * database change, their counts being older than the change.
 */
const MIN_REQUESTS = 2;

/**
 * The text as a Buffer with memory of its own: Buffer.from puts small texts in a shared 8 KiB
 * slab, which one kept body would hold on to whole, so the byte bound would not be the truth.
 */
function ownBuffer(text: string, length: number): Buffer {
  const buffer = Buffer.allocUnsafeSlow(length);
  buffer.write(text);
  return buffer;
}
