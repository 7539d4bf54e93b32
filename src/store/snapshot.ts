import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Db } from './db.js';

/** The first 16 bytes of every SQLite database file. */
export const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

export const isSqliteImage = (image: Buffer): boolean => image.subarray(0, SQLITE_HEADER.length).equals(SQLITE_HEADER);

/**
 * A consistent image of the live database, made with SQLite's online backup API (never a copy of
 * the file, which a concurrent commit could tear). The backup runs in steps between the server's
 * own statements and restarts when they change a page, so the image is one committed state.
 */
export async function snapshotDatabase(db: Db, scratchDir: string = tmpdir()): Promise<Buffer> {
  const dir = await mkdtemp(join(scratchDir, 'heketi-ts-snapshot-'));
  try {
    const file = join(dir, 'heketi.db');
    await db.backup(file);
    return await readFile(file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
