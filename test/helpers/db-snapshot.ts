import Database from 'better-sqlite3';

const TABLES = [
  'clusters',
  'nodes',
  'node_hostnames',
  'devices',
  'volumes',
  'bricks',
  'block_volumes',
  'pending_operations',
  'db_attributes',
];

/**
 * Every domain table of the SQLite file, rows ordered, as one string: two snapshots are equal
 * exactly when the stored state is. Queue jobs are left out on purpose (a rejected request never
 * creates one, and an accepted one is not "bad input").
 */
export function dbSnapshot(path: string): string {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return TABLES.map((t) => `${t}:${JSON.stringify(db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2`).all())}`).join('\n');
  } finally {
    db.close();
  }
}
