import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from './store.js';

describe('Store.setCacheMib', () => {
  let dir: string;
  let store: Store;
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('bounds SQLite page cache in KiB (a negative cache_size)', () => {
    dir = mkdtempSync(join(tmpdir(), 'heketi-ts-store-'));
    store = openStore(join(dir, 'heketi.db'));
    store.setCacheMib(4);
    expect(store.db.pragma('cache_size', { simple: true })).toBe(-4096);
  });
});
