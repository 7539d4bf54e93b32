/**
 * Puts the database back from the backup secret: when the file is lost (the db volume was
 * recreated), the last backup brings the cluster map back instead of an empty server.
 */
import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { mkdirSync } from 'node:fs';
import Database from 'better-sqlite3';
import { isSqliteImage } from '../store/snapshot.js';
import { gunzip } from './db-backup.js';
import type { SecretValue } from './secret-store.js';

export class RestoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RestoreError';
  }
}

/** What a restore did: nothing (no backup in the secret) or the file written. */
export type RestoreOutcome = { restored: false } | { restored: true; bytes: number };

/** SQLite's side files of a database; leftovers of a lost file must not be applied to the restored one. */
const sideFiles = (path: string): string[] => ['-journal', '-wal', '-shm'].map((suffix) => `${path}${suffix}`);

/** Checks that an image is a sound heketi-ts database before it replaces anything. */
function checkImage(file: string, source: string): void {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const integrity = String(db.pragma('integrity_check', { simple: true }));
    if (integrity !== 'ok') throw new RestoreError(`${source}: the backup fails SQLite's integrity check: ${integrity}`);
    const migrations = db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").pluck().get();
    if (migrations !== 1) throw new RestoreError(`${source}: the backup is a SQLite database but not heketi-ts's (no schema_migrations table)`);
  } finally {
    db.close();
  }
}

/**
 * Writes the secret's database to `dbPath`, which must not exist: the image is checked in a
 * temporary file next to it and renamed into place, so a failed restore leaves no half file.
 */
export async function restoreDatabase(secret: SecretValue, dbPath: string): Promise<RestoreOutcome> {
  if (existsSync(dbPath)) throw new RestoreError(`${dbPath} exists: move it away first, a restore never overwrites a database`);
  const gz = await secret.read();
  if (gz === undefined) return { restored: false };
  let image: Buffer;
  try {
    image = await gunzip(gz);
  } catch (e) {
    throw new RestoreError(`${secret.describe}: not gzip data: ${(e as Error).message}`);
  }
  if (!isSqliteImage(image)) {
    throw new RestoreError(
      `${secret.describe} does not hold a SQLite database (Heketi keeps a BoltDB file there): ` +
        'migrate with `heketi db export` and `heketi-ts db import --heketi-export` instead',
    );
  }
  mkdirSync(dirname(dbPath), { recursive: true });
  const staging = `${dbPath}.restoring`;
  try {
    writeFileSync(staging, image, { mode: 0o600 });
    checkImage(staging, secret.describe);
    for (const file of sideFiles(dbPath)) rmSync(file, { force: true });
    renameSync(staging, dbPath);
  } finally {
    for (const file of [staging, ...sideFiles(staging)]) rmSync(file, { force: true });
  }
  return { restored: true, bytes: image.length };
}
