import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from './store.js';

const CLUSTER = 'c'.repeat(32);

describe('ChangeStamp', () => {
  const dirs: string[] = [];
  const stores: Store[] = [];
  const open = (dir?: string): Store => {
    const d = dir ?? mkdtempSync(join(tmpdir(), 'heketi-ts-stamp-'));
    if (!dir) dirs.push(d);
    const store = openStore(join(d, 'heketi.db'));
    stores.push(store);
    return store;
  };

  afterEach(() => {
    for (const s of stores.splice(0)) s.close();
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('stays while nothing changes and moves with every write of this connection', () => {
    const store = open();
    const before = store.changes.current();
    expect(store.changes.current()).toBe(before);
    store.clusters.list();
    expect(store.changes.current()).toBe(before);
    store.tx(() => store.clusters.insert({ id: CLUSTER, block: false, file: true }));
    const afterInsert = store.changes.current();
    expect(afterInsert).not.toBe(before);
    store.tx(() => store.clusters.update({ id: CLUSTER, block: true, file: true }));
    expect(store.changes.current()).not.toBe(afterInsert);
  });

  it('is null inside a transaction and moves after a rollback', () => {
    const store = open();
    const before = store.changes.current();
    expect(() =>
      store.tx(() => {
        store.clusters.insert({ id: CLUSTER, block: false, file: true });
        expect(store.changes.current()).toBeNull();
        throw new Error('roll back');
      }),
    ).toThrow('roll back');
    expect(store.changes.current()).not.toBeNull();
    expect(store.changes.current()).not.toBe(before);
  });

  it('moves when another connection commits', () => {
    const first = open();
    const before = first.changes.current();
    const second = open(dirs[0]);
    second.tx(() => second.clusters.insert({ id: CLUSTER, block: false, file: true }));
    expect(first.changes.current()).not.toBe(before);
  });
});
