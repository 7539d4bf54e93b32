import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { filesystemType, journalModeFor, openDatabase, type Db } from './db.js';

const opened: Db[] = [];
const open = (...args: Parameters<typeof openDatabase>): Db => {
  const db = openDatabase(...args);
  opened.push(db);
  return db;
};
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

const mode = (db: Db): string => db.pragma('journal_mode', { simple: true }) as string;

describe('openDatabase on a file that is not heketi-ts\'s', () => {
  const dir = mkdtempSync(join(tmpdir(), 'heketi-ts-db-foreign-'));

  it("names Heketi's BoltDB file and the way to migrate it, and leaves it untouched", () => {
    const bolt = Buffer.alloc(8192);
    bolt.writeUInt32LE(0xed0cdaed, 16);
    const path = join(dir, 'heketi.db');
    writeFileSync(path, bolt);
    expect(() => open(path)).toThrow(`${path} is a Heketi (BoltDB) database, not heketi-ts's SQLite: export it with \`heketi db export`);
    expect(readFileSync(path).equals(bolt)).toBe(true);
  });

  it('refuses any other non-SQLite file, and opens an empty one as a new database', () => {
    writeFileSync(join(dir, 'text.db'), 'hello');
    expect(() => open(join(dir, 'text.db'))).toThrow('text.db is not a SQLite database');
    writeFileSync(join(dir, 'empty.db'), '');
    expect(mode(open(join(dir, 'empty.db')))).toBe('wal');
  });
});

describe('openDatabase journal modes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'heketi-ts-db-'));

  it('picks the mode from the file system of the directory ("auto"), which here is a local one', () => {
    const fsType = filesystemType(dir);
    expect(fsType).toMatch(/^[a-z0-9.]+$/);
    expect(journalModeFor(join(dir, 'a.db'))).toEqual({ mode: 'wal', fsType });
    expect(mode(open(join(dir, 'a.db')))).toBe('wal');
  });

  it('takes the mode the configuration forces, and keeps it after a reopen', () => {
    expect(mode(open(join(dir, 'b.db'), { journal: 'truncate' }))).toBe('truncate');
    expect(mode(open(join(dir, 'c.db'), { journal: 'delete' }))).toBe('delete');
    opened.splice(0).forEach((db) => db.close());
    const reopened = open(join(dir, 'b.db'), { journal: 'truncate' });
    expect(mode(reopened)).toBe('truncate');
    expect(reopened.pragma('synchronous', { simple: true })).toBe(2);
  });

  it('refuses to leave WAL while another connection holds the file, instead of silently staying in WAL', () => {
    const path = join(dir, 'd.db');
    const first = open(path);
    first.exec('CREATE TABLE t (x)');
    expect(() => open(path, { journal: 'truncate' })).toThrow(/d\.db: cannot set journal_mode=truncate: database is locked \(is another process/);
  });
});
