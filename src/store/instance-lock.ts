import Database from 'better-sqlite3';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';

/**
 * One server per database, as Heketi's exclusive lock on its db file gives. The lock is SQLite's
 * own: a small database next to the real one (`<db>.lock`), opened in exclusive locking mode and
 * written once, so the connection keeps its EXCLUSIVE lock until it is closed. SQLite takes that
 * lock with fcntl, which the kernel drops when the process ends however it ends (SIGKILL, OOM), so
 * nothing is ever left stuck; GlusterFS's FUSE client passes fcntl locks on to its bricks, so two
 * servers on two hosts that share a database on a Gluster volume exclude each other too.
 *
 * Who holds the lock is written to `<db>.lock.holder` (pid, host, since) for the refusal message.
 * The locked file itself is never read outside SQLite: closing any other descriptor of it would
 * drop this process's fcntl locks.
 *
 * This is also the seam for a leader lease when heketi-ts runs as several replicas.
 */
export interface InstanceLock {
  /** Ends the lock (closes its connection). */
  release(): void;
}

export interface LockHolder {
  pid: number;
  host: string;
  since: string;
}

export class DatabaseInUseError extends Error {
  constructor(
    readonly db: string,
    readonly holder: LockHolder | undefined,
  ) {
    super(
      `database ${db} is in use by another heketi-ts server (${describe(holder)}); ` +
        'only one server may use a database: stop the other one or give this one its own glusterfs.db',
    );
    this.name = 'DatabaseInUseError';
  }
}

const describe = (holder: LockHolder | undefined): string =>
  holder ? `pid ${holder.pid} on host ${holder.host}, since ${holder.since}` : 'holder unknown';

export const lockFileOf = (db: string): string => `${db}.lock`;
export const holderFileOf = (db: string): string => `${db}.lock.holder`;

/** Takes the lock of `db` for this process, or throws DatabaseInUseError at once (no waiting). */
export function acquireInstanceLock(db: string): InstanceLock {
  if (db === ':memory:') return { release: () => undefined };
  const holder: LockHolder = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  let connection: Database.Database | undefined;
  try {
    mkdirSync(dirname(db), { recursive: true });
    connection = new Database(lockFileOf(db), { timeout: 0 });
    connection.pragma('locking_mode = EXCLUSIVE');
    // no journal file on disk: there is nothing in this database worth rolling back
    connection.pragma('journal_mode = MEMORY');
    // A write, so that SQLite takes the EXCLUSIVE lock; in exclusive locking mode it keeps it.
    connection.exec('BEGIN EXCLUSIVE');
    connection.exec('CREATE TABLE IF NOT EXISTS holder (pid INTEGER, host TEXT, since TEXT)');
    connection.exec('DELETE FROM holder');
    connection.prepare('INSERT INTO holder VALUES (?, ?, ?)').run(holder.pid, holder.host, holder.since);
    connection.exec('COMMIT');
  } catch (error) {
    connection?.close();
    if ((error as { code?: string }).code === 'SQLITE_BUSY') throw new DatabaseInUseError(db, readHolder(db));
    throw new Error(`database ${db}: cannot take the server lock ${lockFileOf(db)}: ${(error as Error).message}`);
  }
  writeHolder(db, holder);
  const locked = connection;
  return { release: () => locked.close() };
}

function writeHolder(db: string, holder: LockHolder): void {
  const file = holderFileOf(db);
  writeFileSync(`${file}.${process.pid}`, `${JSON.stringify(holder)}\n`);
  renameSync(`${file}.${process.pid}`, file);
}

/** The last holder's record; undefined when there is none or it cannot be read. */
export function readHolder(db: string): LockHolder | undefined {
  try {
    const value = JSON.parse(readFileSync(holderFileOf(db), 'utf8')) as Partial<LockHolder>;
    if (typeof value.pid === 'number' && typeof value.host === 'string' && typeof value.since === 'string') {
      return { pid: value.pid, host: value.host, since: value.since };
    }
  } catch {
    // no record yet, or a torn one: the message says "holder unknown"
  }
  return undefined;
}
