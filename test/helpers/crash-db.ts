import { existsSync, readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { mockVolumeKey } from '../../src/executor/mock-executor.js';

/**
 * Every table of the SQLite file (except the migration ledger), each ordered by its primary key,
 * as one string: equal dumps mean equal stored state.
 */
export function dumpTables(dbPath: string): string {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    const tables = db
      .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
      .all()
      .map((t) => t.name)
      .filter((t) => !/migration/i.test(t));
    return tables
      .map((t) => {
        const pk = db
          .prepare<[], { name: string; pk: number }>(`PRAGMA table_info(${t})`)
          .all()
          .filter((c) => c.pk > 0)
          .sort((a, b) => a.pk - b.pk)
          .map((c) => c.name);
        const order = pk.length > 0 ? pk.join(', ') : 'rowid';
        return `${t}: ${JSON.stringify(db.prepare(`SELECT * FROM ${t} ORDER BY ${order}`).all())}`;
      })
      .join('\n');
  } finally {
    db.close();
  }
}

interface Row {
  [k: string]: unknown;
}

/**
 * What must hold once no operation is running: no pending operation or marker, every device's free
 * space equals its capacity minus the bricks on it, and the mock executor's state file holds exactly
 * the bricks and volumes the database knows. Returns the list of violations (empty when consistent).
 */
export function consistencyProblems(dbPath: string, mockStatePath: string): string[] {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  const problems: string[] = [];
  try {
    const all = (sql: string) => db.prepare<[], Row>(sql).all();
    for (const op of all('SELECT id, type, phase, status FROM pending_operations')) problems.push(`pending operation ${JSON.stringify(op)}`);
    for (const v of all('SELECT id FROM volumes WHERE pending_op_id IS NOT NULL')) problems.push(`pending volume ${v.id}`);
    for (const b of all('SELECT id FROM bricks WHERE pending_op_id IS NOT NULL')) problems.push(`pending brick ${b.id}`);
    // each thin pool charges once: a clone's bricks share their sources' pools
    const devices = all(`SELECT d.id, d.total_kib, d.free_kib, d.used_kib,
      COALESCE((SELECT SUM(size) FROM (SELECT DISTINCT COALESCE(NULLIF(b.lvm_thin_pool, ''), 'tp_' || b.id) AS pool,
        b.tp_size_kib + b.pool_md_size_kib AS size FROM bricks b WHERE b.device_id = d.id)), 0) AS charged FROM devices d`);
    for (const d of devices) {
      if (d.free_kib !== (d.total_kib as number) - (d.charged as number) || d.used_kib !== d.charged) {
        problems.push(`device ${d.id}: free ${d.free_kib} used ${d.used_kib}, bricks charge ${d.charged} of ${d.total_kib}`);
      }
    }
    const mock = existsSync(mockStatePath)
      ? (JSON.parse(readFileSync(mockStatePath, 'utf8')) as { bricks: Record<string, unknown>; volumes: Record<string, unknown> })
      : { bricks: {}, volumes: {} };
    const sameSet = (what: string, db: string[], remote: string[]) => {
      const a = [...db].sort().join(',');
      const b = [...remote].sort().join(',');
      if (a !== b) problems.push(`${what}: db [${a}] vs mock [${b}]`);
    };
    sameSet('bricks', all('SELECT id FROM bricks').map((b) => b.id as string), Object.keys(mock.bricks ?? {}));
    // The mock keeps each volume under its cluster (one gluster pool each): name@cluster.
    const volumeKey = (v: Record<string, unknown>) => mockVolumeKey(v.cluster_id as string, v.name as string);
    // A hand-made volume (tamper) has no pool: once adopted it is its cluster's.
    const clusterOfName = new Map(all('SELECT name, cluster_id FROM volumes').map((v) => [v.name as string, v.cluster_id as string]));
    const pooled = (key: string): string => (key.includes('@') || !clusterOfName.has(key) ? key : mockVolumeKey(clusterOfName.get(key)!, key));
    const remoteVolumes = Object.fromEntries(Object.entries(mock.volumes ?? {}).map(([key, v]) => [pooled(key), v])) as Record<string, { bricks: string[] }>;
    sameSet('volumes', all('SELECT name, cluster_id FROM volumes').map(volumeKey), Object.keys(remoteVolumes));
    for (const v of all('SELECT id, name, cluster_id FROM volumes')) {
      const bricks = db
        .prepare<[string], { name: string }>(`SELECT json_extract(n.storage_hostnames, '$[0]') || ':' || b.path AS name
          FROM bricks b JOIN nodes n ON n.id = b.node_id WHERE b.volume_id = ? ORDER BY b.position`)
        .all(v.id as string)
        .map((b) => b.name);
      const remote = remoteVolumes[volumeKey(v)]?.bricks ?? [];
      if (bricks.join(',') !== remote.join(',')) problems.push(`volume ${v.name}: db bricks [${bricks}] vs gluster [${remote}]`);
    }
  } finally {
    db.close();
  }
  return problems;
}
