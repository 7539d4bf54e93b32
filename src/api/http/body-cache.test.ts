import { describe, expect, it } from 'vitest';
import { BodyCache, BUFFER_FROM_BYTES } from './body-cache.js';

/** A cache over a stamp the test moves by hand, and a counter of builds. */
function setUp(maxBytes: number) {
  const state = { stamp: 's1' as string | null, builds: 0 };
  const cache = new BodyCache(() => state.stamp, maxBytes);
  const get = (key: string, text = `body of ${key}`) =>
    cache.get(key, () => {
      state.builds++;
      return text;
    });
  return { state, cache, get };
}

describe('BodyCache', () => {
  it('keeps a body from its second request while the stamp stays, and builds it again once it moves', () => {
    const { state, cache, get } = setUp(1024);
    expect(get('a').toString()).toBe('body of a');
    expect(cache.size().entries).toBe(0); // asked for once: not kept
    expect(get('a').toString()).toBe('body of a');
    expect(get('a').toString()).toBe('body of a');
    expect(state.builds).toBe(2);
    state.stamp = 's2';
    expect(get('a', 'changed').toString()).toBe('changed'); // asked for before the change: kept at once
    expect(get('a', 'changed').toString()).toBe('changed');
    expect(state.builds).toBe(3);
  });

  it('keeps a small body as its text and a large one as a Buffer, counting both in bytes', () => {
    const { state, cache, get } = setUp(4 * BUFFER_FROM_BYTES);
    const small = `{"name":"é${'s'.repeat(100)}"}`; // é: two bytes, one character
    const large = 'L'.repeat(BUFFER_FROM_BYTES);
    for (let i = 0; i < 2; i++) get('small', small);
    for (let i = 0; i < 2; i++) get('large', large);
    const keptSmall = get('small', small);
    const keptLarge = get('large', large);
    expect(state.builds).toBe(4); // the third requests were hits
    expect(keptSmall).toBe(small);
    expect(Buffer.isBuffer(keptLarge)).toBe(true);
    expect(keptLarge.toString()).toBe(large);
    expect(cache.size()).toEqual({ entries: 2, bytes: Buffer.byteLength(small) + BUFFER_FROM_BYTES });
  });

  it('keeps nothing while the stamp is null (inside a transaction)', () => {
    const { state, cache, get } = setUp(1024);
    state.stamp = null;
    get('a');
    get('a');
    get('a');
    expect(state.builds).toBe(3);
    expect(cache.size()).toEqual({ entries: 0, bytes: 0 });
  });

  it('once full, keeps a new body only if it was asked for more often than the least recently used bodies it would push out', () => {
    const { state, cache, get } = setUp(30);
    for (let i = 0; i < 2; i++) get('a', 'x'.repeat(10));
    for (let i = 0; i < 2; i++) get('b', 'y'.repeat(10)); // kept; a is the least recently used
    get('c', 'z'.repeat(15)); // asked for once: not kept
    get('c', 'z'.repeat(15)); // needs a's room, but asked for as often as a: not kept, a to the back
    expect(cache.size()).toEqual({ entries: 2, bytes: 20 });
    get('c', 'z'.repeat(15)); // three times, b twice: b goes
    expect(cache.size()).toEqual({ entries: 2, bytes: 25 });
    state.builds = 0;
    get('a', 'x'.repeat(10));
    get('c', 'z'.repeat(15));
    expect(state.builds).toBe(0);
    get('b', 'y'.repeat(10));
    expect(state.builds).toBe(1);
  });

  it('keeps the bodies asked for again and again through passes over many bodies', () => {
    const { state, cache, get } = setUp(100);
    for (let round = 0; round < 4; round++) for (const hot of ['n1', 'n2', 'n3']) get(hot, hot.repeat(10));
    for (let pass = 0; pass < 3; pass++) for (let i = 0; i < 200; i++) get(`v${i}`, 'v'.repeat(10));
    state.builds = 0;
    for (const hot of ['n1', 'n2', 'n3']) expect(get(hot, hot.repeat(10)).toString()).toBe(hot.repeat(10));
    expect(state.builds).toBe(0);
    expect(cache.size().bytes).toBeLessThanOrEqual(100);
  });

  it('sends a body that turned a newcomer away to the back, so one body asked for often long ago cannot block every newcomer', () => {
    const { state, cache, get } = setUp(30);
    for (let i = 0; i < 50; i++) get('warm-up', 'w'.repeat(10)); // hot once, then never again
    for (let i = 0; i < 2; i++) get('b', 'y'.repeat(10));
    for (let i = 0; i < 2; i++) get('c', 'z'.repeat(10)); // full: warm-up is the least recently used
    get('list', 'l'.repeat(10)); // asked for once: not kept
    get('list', 'l'.repeat(10)); // twice, but warm-up (50) is in the way: not kept, warm-up to the back
    get('list', 'l'.repeat(10)); // three times, and now b (twice) is in the way: b goes
    expect(cache.size()).toEqual({ entries: 3, bytes: 30 });
    state.builds = 0;
    for (const key of ['warm-up', 'c', 'list']) get(key, key);
    expect(state.builds).toBe(0);
  });

  it('counts hits and misses', () => {
    const { cache, get } = setUp(1024);
    get('a');
    get('a');
    get('a');
    get('b');
    expect(cache.lookups()).toEqual({ hits: 1, misses: 3 });
  });

  it('counts bytes of the UTF-8 encoding and never keeps a body larger than the bound', () => {
    const { cache, get } = setUp(8);
    for (let i = 0; i < 2; i++) expect(get('big', 'é'.repeat(5)).toString()).toBe('é'.repeat(5));
    expect(cache.size()).toEqual({ entries: 0, bytes: 0 });
    for (let i = 0; i < 2; i++) get('small', 'é'.repeat(4));
    expect(cache.size()).toEqual({ entries: 1, bytes: 8 });
  });

  it('is off with a bound of 0', () => {
    const { state, cache, get } = setUp(0);
    get('a');
    get('a');
    get('a');
    expect(state.builds).toBe(3);
    expect(cache.size().entries).toBe(0);
  });

  it('keeps nothing when building fails, so the error is raised again next time', () => {
    const { cache } = setUp(1024);
    const failing = () => {
      throw new Error('not found');
    };
    for (let i = 0; i < 3; i++) expect(() => cache.get('a', failing)).toThrow('not found');
    expect(cache.size().entries).toBe(0);
  });

  describe('getUnder (a stamp the caller read for several bodies, or for parts kept elsewhere too)', () => {
    /** A cache whose own stamp reads are counted; getUnder is given the stamp instead. */
    function setUpUnder(maxBytes: number) {
      const state = { stampReads: 0, builtWith: [] as Array<string | null> };
      const cache = new BodyCache(() => {
        state.stampReads++;
        return 's1';
      }, maxBytes);
      const get = (stamp: string | null, key: string, text = `body of ${key}`) =>
        cache.getUnder(stamp, key, (given) => {
          state.builtWith.push(given);
          return text;
        });
      return { state, cache, get };
    }

    it('keeps under the given stamp without reading its own, and builds again once a later call gives another', () => {
      const { state, cache, get } = setUpUnder(1024);
      for (let i = 0; i < 3; i++) expect(get('s1', 'a').toString()).toBe('body of a');
      expect(state.builtWith).toEqual(['s1', 's1']); // the third from the cache
      expect(cache.size().entries).toBe(1);
      // Asked for often before the change: kept again from its first request under s2.
      for (let i = 0; i < 2; i++) expect(get('s2', 'a', 'changed').toString()).toBe('changed');
      expect(state.builtWith).toEqual(['s1', 's1', 's2']);
      expect(state.stampReads).toBe(0);
    });

    it('without displace, keeps a body only in room still free and pushes nothing out for it', () => {
      const { cache, get } = setUpUnder(30);
      const getKept = (key: string, text: string) => cache.getUnder('s1', key, () => text, false);
      for (let i = 0; i < 2; i++) getKept('a', 'x'.repeat(10));
      for (let i = 0; i < 2; i++) get('s1', 'b', 'y'.repeat(10));
      expect(cache.size()).toEqual({ entries: 2, bytes: 20 });
      // Asked for far more often than a and b, but there is room for 10 bytes only: not kept.
      for (let i = 0; i < 5; i++) expect(getKept('c', 'z'.repeat(15)).toString()).toBe('z'.repeat(15));
      expect(cache.size()).toEqual({ entries: 2, bytes: 20 });
      // What fits in the room left is kept from its second request, as with displace.
      getKept('d', 'w'.repeat(10));
      expect(cache.size().entries).toBe(2);
      getKept('d', 'w'.repeat(10));
      expect(cache.size()).toEqual({ entries: 3, bytes: 30 });
      // The same body asked for with displace pushes the least recently used out.
      for (let i = 0; i < 2; i++) get('s1', 'c', 'z'.repeat(15));
      expect(cache.size()).toEqual({ entries: 2, bytes: 25 });
    });

    it('builds with no stamp when given none or when off, keeping nothing and counting no lookup', () => {
      for (const [stamp, maxBytes] of [[null, 1024], ['s1', 0]] as const) {
        const { state, cache, get } = setUpUnder(maxBytes);
        for (let i = 0; i < 3; i++) get(stamp, 'a');
        expect(state.builtWith).toEqual([null, null, null]);
        expect(cache.size().entries).toBe(0);
        expect(cache.lookups()).toEqual({ hits: 0, misses: 0 });
      }
    });
  });
});
