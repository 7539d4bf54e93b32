import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from './db.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
  sha256: string;
}

const FILE_PATTERN = /^(\d{4})-([a-z0-9-]+)\.sql$/;

/** Reads `NNNN-name.sql` files in version order. */
export function readMigrations(dir: string): Migration[] {
  return readdirSync(dir)
    .filter((f) => FILE_PATTERN.test(f))
    .sort()
    .map((file) => {
      const [, version, name] = FILE_PATTERN.exec(file)!;
      const sql = readFileSync(join(dir, file), 'utf8');
      return { version: Number(version), name: name!, sql, sha256: createHash('sha256').update(sql).digest('hex') };
    });
}

/**
 * Applies every migration not yet applied, each in its own transaction, and refuses to run
 * against a database whose applied migrations have changed since (a changed file would mean the
 * schema on disk is not the one the code expects).
 */
export function migrate(db: Db, migrations: Migration[]): { applied: number[] } {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, sha256 TEXT NOT NULL, applied_at INTEGER NOT NULL)`);
  const done = new Map(
    (db.prepare('SELECT version, sha256, name FROM schema_migrations').all() as { version: number; sha256: string; name: string }[]).map(
      (r) => [r.version, r],
    ),
  );
  for (const [version, row] of done) {
    const m = migrations.find((x) => x.version === version);
    if (!m) throw new Error(`database has migration ${version} (${row.name}) that this version of heketi-ts does not know`);
    if (m.sha256 !== row.sha256) {
      throw new Error(`migration ${String(version).padStart(4, '0')}-${m.name}.sql has changed since it was applied (checksum mismatch)`);
    }
  }
  const applied: number[] = [];
  const record = db.prepare('INSERT INTO schema_migrations (version, name, sha256, applied_at) VALUES (?, ?, ?, ?)');
  for (const m of migrations) {
    if (done.has(m.version)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      record.run(m.version, m.name, m.sha256, Math.floor(Date.now() / 1000));
    }).immediate();
    applied.push(m.version);
  }
  return { applied };
}
