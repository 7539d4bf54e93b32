import { existsSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { buildDump } from '../services/db-dump.js';
import { watchChanges } from '../store/change-watch.js';
import { snapshotDatabase } from '../store/snapshot.js';
import { openStore, type Store } from '../store/store.js';
import { restoreDatabase } from './db-restore.js';
import type { SecretValue } from './secret-store.js';

const secretHolding = (value: Buffer | undefined): SecretValue => ({
  describe: 'secret ns/heketi-db-backup key heketi.db.gz',
  read: async () => value,
  write: async () => undefined,
});

const dir = mkdtempSync(join(tmpdir(), 'heketi-ts-restore-'));
let n = 0;
const freshPath = () => join(dir, `r${n++}`, 'heketi.db');

const seeded = (): Store => {
  const store = openStore(freshPath());
  store.tx(() => store.attributes.set('restore-test', 'a value that must come back'));
  return store;
};

describe('restoreDatabase', () => {
  it('brings back a snapshot of the live database: the same dump', async () => {
    const live = seeded();
    const image = await snapshotDatabase(live.db);
    const target = freshPath();
    const outcome = await restoreDatabase(secretHolding(gzipSync(image)), target);
    expect(outcome).toEqual({ restored: true, bytes: image.length });
    const restored = openStore(target);
    expect(buildDump(restored)).toEqual(buildDump(live));
    expect(restored.attributes.get('restore-test')).toBe('a value that must come back');
    restored.close();
    live.close();
  });

  it('does nothing when the secret holds no backup', async () => {
    const target = freshPath();
    expect(await restoreDatabase(secretHolding(undefined), target)).toEqual({ restored: false });
    expect(existsSync(target)).toBe(false);
  });

  it('never overwrites a database', async () => {
    const live = seeded();
    const path = live.db.name;
    await expect(restoreDatabase(secretHolding(gzipSync(await snapshotDatabase(live.db))), path)).rejects.toThrow(
      `${path} exists: move it away first`,
    );
    live.close();
  });

  it("refuses Heketi's BoltDB backup, a broken image and a foreign SQLite file, leaving no file behind", async () => {
    const bolt = Buffer.alloc(4096);
    bolt.writeUInt32LE(0xed0cdaed, 16); // BoltDB's magic in its meta page
    const target = freshPath();
    await expect(restoreDatabase(secretHolding(gzipSync(bolt)), target)).rejects.toThrow(
      /does not hold a SQLite database \(Heketi keeps a BoltDB file there\): migrate with `heketi db export`/,
    );
    await expect(restoreDatabase(secretHolding(Buffer.from('not gzip')), target)).rejects.toThrow(/not gzip data/);

    const image = await snapshotDatabase(seeded().db);
    image.fill(0x55, 4096, 8192); // a page torn in the middle
    await expect(restoreDatabase(secretHolding(gzipSync(image)), target)).rejects.toThrow(/integrity check|malformed/);

    const foreign = join(dir, 'foreign.db');
    const Database = (await import('better-sqlite3')).default;
    new Database(foreign).exec('CREATE TABLE t (x)');
    const { readFileSync } = await import('node:fs');
    await expect(restoreDatabase(secretHolding(gzipSync(readFileSync(foreign))), target)).rejects.toThrow(/not heketi-ts's/);

    expect(existsSync(target)).toBe(false);
    expect(readdirSync(join(target, '..'))).toEqual([]);
  });
});

describe('watchChanges', () => {
  it('reports writes done outside transactions too, once per interval, and nothing when nothing changed', async () => {
    const store = seeded();
    let calls = 0;
    const stop = watchChanges(store.db, () => calls++, 20);
    await new Promise((r) => setTimeout(r, 80));
    expect(calls).toBe(0);
    for (let i = 0; i < 20; i++) store.db.prepare("INSERT INTO db_attributes (key, value) VALUES (?, 'v')").run(`k${i}`);
    await expect.poll(() => calls).toBe(1);
    stop();
    store.close();
  });
});

describe('snapshotDatabase', () => {
  it('takes a consistent image through the backup API, also while the file is in WAL mode with uncheckpointed pages', async () => {
    const store = seeded();
    expect(statSync(`${store.db.name}-wal`).size).toBeGreaterThan(0);
    const image = await snapshotDatabase(store.db);
    expect(image.subarray(0, 16).toString('latin1')).toBe('SQLite format 3\0');
    const copy = join(dir, 'copy.db');
    writeFileSync(copy, image);
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(copy, { readonly: true });
    expect(db.prepare("SELECT value FROM db_attributes WHERE key = 'restore-test'").pluck().get()).toBe('a value that must come back');
    db.close();
    store.close();
  });
});
