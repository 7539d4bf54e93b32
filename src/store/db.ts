import Database from 'better-sqlite3';
import { accessSync, closeSync, constants, existsSync, mkdirSync, openSync, readFileSync, readSync, realpathSync, statfsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import {
  chooseJournalMode,
  filesystemFromMagic,
  filesystemOf,
  parseMountInfo,
  type JournalMode,
  type JournalSetting,
} from './journal-mode.js';
import { isSqliteImage } from './snapshot.js';

export type Db = Database.Database;

export interface OpenDatabaseOptions {
  /** `glusterfs.db_journal_mode`; `auto` (the default) picks by the file system the file is on. */
  journal?: JournalSetting;
}

/**
 * The type of the file system holding directory `dir` (e.g. `ext4`, `fuse.glusterfs`, `nfs4`), or
 * undefined when it cannot be told. /proc/self/mountinfo names FUSE file systems by their
 * subtype; statfs only says "fuse".
 */
export function filesystemType(dir: string): string | undefined {
  const real = realpathSync(dir);
  try {
    return filesystemOf(real, parseMountInfo(readFileSync('/proc/self/mountinfo', 'utf8')));
  } catch {
    return filesystemFromMagic(statfsSync(real).type);
  }
}

/** The journal mode a database at `path` gets under `setting`, and the file system it decided on. */
export function journalModeFor(path: string, setting: JournalSetting = 'auto'): { mode: JournalMode; fsType?: string } {
  if (path === ':memory:' || setting !== 'auto') return { mode: chooseJournalMode(setting, undefined) };
  const fsType = filesystemType(dirname(resolve(path)));
  return { mode: chooseJournalMode(setting, fsType), ...(fsType === undefined ? {} : { fsType }) };
}

/** BoltDB's magic number, in the meta page right after the 16-byte page header. */
const BOLT_MAGIC = 0xed0cdaed;

/**
 * A clear refusal for a file that is not SQLite, above all Heketi's own BoltDB heketi.db, which
 * is what a Deployment whose image was swapped without migrating finds on its db volume.
 */
function refuseForeignFile(path: string): void {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return; // not there yet: SQLite creates it
  }
  const head = Buffer.alloc(32);
  let length: number;
  try {
    length = readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  if (length === 0 || isSqliteImage(head)) return;
  if (length >= 24 && head.readUInt32LE(16) === BOLT_MAGIC) {
    throw new Error(
      `${path} is a Heketi (BoltDB) database, not heketi-ts's SQLite: export it with \`heketi db export --dbfile ${path} ` +
        '--jsonfile FILE`, move it away, and load FILE with `heketi-ts db import --heketi-export FILE` (README: Running in Kubernetes)',
    );
  }
  throw new Error(`${path} is not a SQLite database`);
}

/**
 * Sets the journal mode, or says why not: leaving WAL needs the only connection to the file, so
 * another process on the database shows here as "database is locked" or as the old mode kept.
 */
function setJournalMode(db: Db, path: string, mode: JournalMode): void {
  const problem = (why: string) => new Error(`${path}: cannot set journal_mode=${mode}: ${why} (is another process using the database?)`);
  let actual: string;
  try {
    actual = db.pragma(`journal_mode = ${mode}`, { simple: true }) as string;
  } catch (e) {
    throw problem((e as Error).message);
  }
  if (path !== ':memory:' && actual !== mode) throw problem(`it stays ${actual}`);
}

/**
 * Opens the SQLite file with the pragmas heketi-ts relies on: the journal mode for where the file
 * lives (WAL on a local disk so readers never wait on the writer; the rollback journal on
 * GlusterFS/NFS, see journal-mode.ts), foreign keys so no row can point at nothing, and
 * synchronous=FULL so that a committed transaction survives a crash (the crash-recovery promise
 * depends on it).
 */
export function openDatabase(path: string, options: OpenDatabaseOptions = {}): Db {
  if (path !== ':memory:') {
    try {
      mkdirSync(dirname(path), { recursive: true });
      refuseForeignFile(path);
    } catch (error) {
      // EISDIR and friends name no path of their own
      const message = (error as Error).message;
      throw new Error(message.includes(path) ? message : `database ${path}: ${message}`);
    }
  }
  const { mode } = journalModeFor(path, options.journal);
  const db = openSqlite(path);
  try {
    db.pragma('busy_timeout = 5000');
    setJournalMode(db, path, mode);
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = FULL');
  } catch (e) {
    db.close();
    throw e;
  }
  return db;
}

/** SQLite's own "unable to open database file" names no path and no cause: both are added. */
function openSqlite(path: string): Db {
  try {
    return new Database(path);
  } catch (error) {
    const hint = (error as { code?: string }).code === 'SQLITE_CANTOPEN' ? CANTOPEN_HINT : '';
    throw new Error(`database ${path}: ${(error as Error).message}${hint}`);
  }
}

const CANTOPEN_HINT = ' (the path must name a file in a writable directory: SQLite keeps its journal next to it)';

/**
 * Why the database cannot be written right now (a read-only remount, permissions taken away), or
 * null. access(2) on the file, its directory and an existing WAL: /readyz costs no write.
 */
export function databaseWriteProblem(path: string): string | null {
  if (path === ':memory:') return null;
  for (const file of [path, dirname(path), `${path}-wal`]) {
    if (file.endsWith('-wal') && !existsSync(file)) continue;
    try {
      accessSync(file, constants.W_OK);
    } catch (error) {
      return `database ${path} is not writable: ${(error as Error).message}`;
    }
  }
  return null;
}
