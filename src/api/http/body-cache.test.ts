import { describe, expect, it } from 'vitest';
import { BodyCache } from './body-cache.js';

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
  it('builds a body once while the stamp stays, and again once it moves', () => {
    const { state, get } = setUp(1024);
    expect(get('a').toString()).toBe('body of a');
    expect(get('a').toString()).toBe('body of a');
    expect(state.builds).toBe(1);
    state.stamp = 's2';
    expect(get('a', 'changed').toString()).toBe('changed');
    expect(state.builds).toBe(2);
  });

  it('keeps nothing while the stamp is null (inside a transaction)', () => {
    const { state, cache, get } = setUp(1024);
    state.stamp = null;
    get('a');
    get('a');
    expect(state.builds).toBe(2);
    expect(cache.size()).toEqual({ entries: 0, bytes: 0 });
  });

  it('drops the least recently used bodies to stay within its bytes', () => {
    const { state, cache, get } = setUp(30);
    get('a', 'x'.repeat(10));
    get('b', 'y'.repeat(10));
    get('a', 'x'.repeat(10)); // a is now the most recent
    get('c', 'z'.repeat(15)); // 35 bytes: b goes
    expect(cache.size()).toEqual({ entries: 2, bytes: 25 });
    state.builds = 0;
    get('a', 'x'.repeat(10));
    get('c', 'z'.repeat(15));
    expect(state.builds).toBe(0);
    get('b', 'y'.repeat(10));
    expect(state.builds).toBe(1);
  });

  it('counts bytes of the UTF-8 encoding and never keeps a body larger than the bound', () => {
    const { cache, get } = setUp(8);
    expect(get('big', 'é'.repeat(5)).toString()).toBe('é'.repeat(5));
    expect(cache.size()).toEqual({ entries: 0, bytes: 0 });
    get('small', 'é'.repeat(4));
    expect(cache.size()).toEqual({ entries: 1, bytes: 8 });
  });

  it('is off with a bound of 0', () => {
    const { state, cache, get } = setUp(0);
    get('a');
    get('a');
    expect(state.builds).toBe(2);
    expect(cache.size().entries).toBe(0);
  });

  it('keeps nothing when building fails, so the error is raised again next time', () => {
    const { cache } = setUp(1024);
    const failing = () => {
      throw new Error('not found');
    };
    expect(() => cache.get('a', failing)).toThrow('not found');
    expect(() => cache.get('a', failing)).toThrow('not found');
    expect(cache.size().entries).toBe(0);
  });
});
