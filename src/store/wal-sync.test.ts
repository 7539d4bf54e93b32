import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from './store.js';
import { WalSync } from './wal-sync.js';

/** An fsync the test completes by hand, counting the calls. */
function manualFsync() {
  const pending: { resolve: () => void; reject: (e: Error) => void }[] = [];
  return {
    pending,
    fsync: (_fd: number) => new Promise<void>((resolve, reject) => pending.push({ resolve, reject })),
  };
}

const settled = async (p: Promise<void>): Promise<string> => {
  let state = 'waiting';
  p.then(
    () => (state = 'done'),
    (e: Error) => (state = `failed: ${e.message}`),
  );
  for (let i = 0; i < 5; i++) await Promise.resolve();
  return state;
};

describe('WalSync', () => {
  let dir: string;
  let store: Store | undefined;
  afterEach(() => {
    store?.close();
    store = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  const walOfNewStore = (): string => {
    dir = mkdtempSync(join(tmpdir(), 'heketi-ts-walsync-'));
    store = openStore(join(dir, 'heketi.db'), { journal: 'wal' });
    return join(dir, 'heketi.db-wal');
  };

  it('one sync serves every commit made before it started; commits made during it share the next one', async () => {
    const disk = manualFsync();
    const sync = new WalSync(walOfNewStore(), disk.fsync);
    const first = sync.synced();
    const during = [sync.synced(), sync.synced(), sync.synced()];
    expect(disk.pending).toHaveLength(1);
    disk.pending[0]!.resolve();
    expect(await settled(first)).toBe('done');
    expect(await Promise.all(during.map(settled))).toEqual(['waiting', 'waiting', 'waiting']);
    expect(disk.pending).toHaveLength(2);
    disk.pending[1]!.resolve();
    expect(await Promise.all(during.map(settled))).toEqual(['done', 'done', 'done']);
    sync.synced();
    expect(disk.pending).toHaveLength(3);
    disk.pending[2]!.resolve();
    sync.close();
  });

  it('a failed sync fails its waiters, and the next commit gets a sync of its own', async () => {
    const disk = manualFsync();
    const sync = new WalSync(walOfNewStore(), disk.fsync);
    const first = sync.synced();
    disk.pending[0]!.reject(new Error('EIO: i/o error, fsync'));
    expect(await settled(first)).toBe('failed: EIO: i/o error, fsync');
    const again = sync.synced();
    expect(disk.pending).toHaveLength(2);
    disk.pending[1]!.resolve();
    expect(await settled(again)).toBe('done');
    sync.close();
  });

  it('refuses to sync once closed', async () => {
    const sync = new WalSync(walOfNewStore());
    sync.close();
    await expect(sync.synced()).rejects.toThrow(/the database is closed/);
  });
});

describe('Store.txSyncedLater', () => {
  let dir: string;
  let store: Store;
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const open = (journal: 'wal' | 'delete'): Store => {
    dir = mkdtempSync(join(tmpdir(), 'heketi-ts-synced-later-'));
    store = openStore(join(dir, 'heketi.db'), { journal });
    return store;
  };

  it('in WAL mode commits at once, syncs the -wal file later, and leaves synchronous=FULL for other commits', async () => {
    open('wal');
    const { result, synced } = store.txSyncedLater(() => {
      store.attributes.set('synced-later', 'yes');
      return 'built';
    });
    expect(result).toBe('built');
    expect(store.attributes.get('synced-later')).toBe('yes');
    await expect(synced).resolves.toBeUndefined();
    // 2 = FULL
    expect(store.db.pragma('synchronous', { simple: true })).toBe(2);
  });

  it('rolls back and throws like tx when the transaction fails', () => {
    open('wal');
    expect(() =>
      store.txSyncedLater(() => {
        store.attributes.set('half-done', 'yes');
        throw new Error('no space');
      }),
    ).toThrow('no space');
    expect(store.attributes.get('half-done')).toBeUndefined();
  });

  it('without WAL the commit syncs itself (synchronous=FULL) and nothing is left to wait for', async () => {
    open('delete');
    const { synced } = store.txSyncedLater(() => store.attributes.set('rollback-journal', 'yes'));
    expect(await settled(synced)).toBe('done');
    expect(store.attributes.get('rollback-journal')).toBe('yes');
  });
});
