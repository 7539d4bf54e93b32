import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEKETI_DB_VOLUME_OPTIONS, HEKETI_DB_VOLUME_SIZE_GIB } from '../../src/domain/db-volume.js';
import { seededRng } from '../../src/domain/rng.js';
import { type ApiCluster, type VolumeInfo, leftoversOnNodes, loadCluster, pvCounts, unloadCluster } from './helpers/api-cluster.js';
import { mountVolume, unmountVolume } from './helpers/fuse.js';
import { type ApiClient, type HeketiProcess, startHeketi } from './helpers/heketi-server.js';
import { ensurePool, loadTestbed, onNode } from './helpers/testbed.js';

// heketi-ts with its SQLite file on a replica-3 GlusterFS volume, FUSE-mounted in the root
// namespace, as it runs in Kubernetes on `heketidbstorage`: SIGKILLed at random points while
// creates and deletes run, and restarted each time. After every restart the file must pass
// SQLite's integrity check, GET /db/check must be clean, and the nodes must hold exactly what the
// database says (no brick, LV, mount, fstab line or gluster volume more or less).
const tb = loadTestbed();
const hosts = tb.nodes;
const ROUNDS = Number(process.env['DB_CRASH_ROUNDS'] ?? 10);
const SEED = Number(process.env['DB_CRASH_SEED'] ?? Date.now() % 100_000);
const rng = seededRng(SEED);
const DB_VOLUME = 'e2edbstorage';
const replica3 = (name?: string, size = 1) => ({ size, ...(name ? { name } : {}), durability: { type: 'replicate', replicate: { replica: 3 } } });

let bootstrap: HeketiProcess | undefined;
let server: HeketiProcess | undefined;
let cluster: ApiCluster;
let dbVolume: VolumeInfo;
let mountDir = '';
const localDir = mkdtempSync(join(tmpdir(), 'heketi-ts-dbgluster-'));
const dbOnGluster = (): string => join(mountDir, 'heketi.db');

type Holdings = { lvs: Record<string, string[]>; mounts: Record<string, string[]>; fstab: Record<string, string[]>; volumes: string[] };

const lines = (text: string): string[] => [...new Set(text.split('\n').map((l) => l.trim()).filter(Boolean))].sort();

/** What the nodes hold, read over plain ssh: LVs, brick mounts and fstab lines per host, and gluster volumes. */
const nodeState = async (): Promise<Holdings> => {
  const state: Holdings = { lvs: {}, mounts: {}, fstab: {}, volumes: [] };
  for (const host of hosts) {
    const [lvs = '', mounts = '', fstab = ''] = (
      await onNode(
        tb,
        host,
        "/usr/local/sbin/lvs --noheadings -o lv_name 2>/dev/null; echo '#'; mount | grep -o 'brick_[0-9a-f]*' || true; echo '#'; grep -o 'brick_[0-9a-f]*' /etc/fstab || true",
      )
    ).split('#');
    state.lvs[host] = lines(lvs);
    state.mounts[host] = lines(mounts);
    state.fstab[host] = lines(fstab);
  }
  const list = (await onNode(tb, hosts[0] ?? '', 'gluster --mode=script volume list')).trim();
  state.volumes = list === 'No volumes present in cluster' ? [] : lines(list);
  return state;
};

/** The same, as the database says it should be: each brick is a thin LV in its own pool, mounted and in fstab. */
const dbState = async (api: ApiClient): Promise<Holdings> => {
  const state: Holdings = { lvs: {}, mounts: {}, fstab: {}, volumes: [] };
  const perHost: Record<string, string[]> = Object.fromEntries(hosts.map((h) => [h, []]));
  for (const id of (await api.json<{ volumes: string[] }>('GET', '/volumes')).volumes) {
    const volume = await api.json<VolumeInfo>('GET', `/volumes/${id}`);
    state.volumes.push(volume.name);
    for (const brick of volume.bricks) perHost[cluster.hostOfNode.get(brick.node) ?? brick.node]?.push(brick.id);
  }
  for (const host of hosts) {
    const ids = perHost[host] ?? [];
    state.lvs[host] = lines(ids.flatMap((id) => [`brick_${id}`, `tp_${id}`]).join('\n'));
    state.mounts[host] = lines(ids.map((id) => `brick_${id}`).join('\n'));
    state.fstab[host] = state.mounts[host];
  }
  state.volumes = lines(state.volumes.join('\n'));
  return state;
};

/**
 * SQLite's integrity check, from a connection of its own. Read-write: after a SIGKILL in a commit
 * the file has a hot journal, which only a writer may roll back (as the restarted server does).
 */
const integrity = (path: string): string => {
  const db = new Database(path, { fileMustExist: true });
  try {
    return String(db.pragma('integrity_check', { simple: true }));
  } finally {
    db.close();
  }
};

beforeAll(async () => {
  // The way a deployment gets there: a first server on a local file creates heketidbstorage, its
  // database is copied onto the volume (GET /backup/db), and the real server starts on that copy.
  await ensurePool(tb);
  bootstrap = await startHeketi(tb, { db: join(localDir, 'bootstrap.db') });
  cluster = await loadCluster(bootstrap.api, hosts);
  // Heketi's size and options for heketidbstorage, under another name: the API refuses to delete
  // that one (as Heketi does), and the test bed must be left clean.
  dbVolume = (await bootstrap.api.async<VolumeInfo>('POST', '/volumes', {
    ...replica3(DB_VOLUME, HEKETI_DB_VOLUME_SIZE_GIB),
    glustervolumeoptions: HEKETI_DB_VOLUME_OPTIONS,
  })) as VolumeInfo;
  mountDir = await mountVolume(tb, hosts[0] ?? '', DB_VOLUME);
  const backup = await bootstrap.api.raw('GET', '/backup/db');
  expect(backup.status).toBe(200);
  writeFileSync(dbOnGluster(), Buffer.from(await backup.arrayBuffer()));
  await bootstrap.stop();
  bootstrap = undefined;
  console.log(`db-on-gluster: seed ${SEED}, ${ROUNDS} rounds`);
}, 300_000);

afterAll(async () => {
  await server?.stop();
  // Tear down from a local copy: the volume that holds the database goes last.
  if (mountDir) {
    const final = join(localDir, 'final.db');
    const source = new Database(dbOnGluster(), { fileMustExist: true });
    await source.backup(final);
    source.close();
    await unmountVolume(mountDir);
    const last = await startHeketi(tb, { db: final });
    try {
      const ids = (await last.api.json<{ volumes: string[] }>('GET', '/volumes')).volumes;
      await unloadCluster(last.api, cluster, ids);
    } finally {
      await last.stop();
    }
  }
  await bootstrap?.stop();
  await ensurePool(tb);
  expect(await leftoversOnNodes(tb, hosts)).toEqual([]);
  expect(await pvCounts(tb, hosts)).toEqual(hosts.map(() => '0'));
}, 600_000);

describe('the database on a replica-3 GlusterFS volume (FUSE)', () => {
  it('chooses the rollback journal there, not WAL', async () => {
    server = await startHeketi(tb, { db: dbOnGluster(), readyTimeoutMs: 180_000 });
    expect(server.output()).toContain(`database ${dbOnGluster()}: journal_mode=truncate`);
    const fsType = (await import('../../src/store/db.js')).filesystemType(mountDir);
    expect(fsType).toBe('fuse.glusterfs');
  });

  it('refuses a second server on the same database through another FUSE client, as from another host', async () => {
    // A second mount is a second GlusterFS client: its locks meet the first one's on the bricks.
    const otherMount = await mountVolume(tb, hosts[1] ?? '', DB_VOLUME, `${tb.root}/mnt2`);
    try {
      await expect(startHeketi(tb, { db: join(otherMount, 'heketi.db') })).rejects.toThrow(/is in use by another heketi-ts server/);
    } finally {
      await unmountVolume(otherMount);
    }
    expect((await server?.api.raw('GET', '/hello'))?.status).toBe(200);
  });

  it(`survives ${ROUNDS} SIGKILLs at random points of creates and deletes: integrity, /db/check and the nodes agree`, async () => {
    const stats = { kills: 0, created: 0, deleted: 0, interrupted: 0, settled: 0, repeats: 0 };
    for (let round = 1; round <= ROUNDS; round++) {
      server ??= await startHeketi(tb, { db: dbOnGluster(), readyTimeoutMs: 180_000 });
      const api = server.api;
      const live = (await api.json<{ volumes: string[] }>('GET', '/volumes')).volumes.filter((id) => id !== dbVolume.id);
      const first = api.async('POST', '/volumes', replica3()).then(() => stats.created++);
      const work: Array<Promise<unknown>> = [
        first,
        api.async('POST', '/volumes', replica3()).then(() => stats.created++),
        ...live.slice(0, 2).map((id) => api.async('DELETE', `/volumes/${id}`).then(() => stats.deleted++)),
      ];
      const settled = Promise.allSettled(work);
      // Odd rounds: anywhere from "just accepted" on, mostly inside the first create. Even rounds:
      // once the first create is done, so the kill meets the later ones and the deletes.
      if (round % 2 === 0) await first.catch(() => undefined);
      await new Promise((r) => setTimeout(r, (round % 2 === 0 ? 0 : 200) + rng.int(round % 2 === 0 ? 3000 : 8000)));
      await server.kill();
      stats.kills++;
      stats.interrupted += (await settled).filter((s) => s.status === 'rejected').length;
      server = undefined;

      expect(integrity(dbOnGluster()), `round ${round}: integrity_check`).toBe('ok');
      server = await startHeketi(tb, { db: dbOnGluster(), readyTimeoutMs: 180_000 });
      // Start-up recovery alone (no cleanup call): it waits for the killed server's last commands to
      // land on the nodes and repeats a step that meets them, so nothing may be left pending.
      if (server.output().includes("waiting for the stopped server's commands")) stats.settled++;
      stats.repeats += server.output().match(/recovery step failed; repeating it/g)?.length ?? 0;
      expect((await server.api.json<{ total: number }>('GET', '/operations')).total, `round ${round}: pending operations`).toBe(0);
      const check = await server.api.json<{ totalinconsistencies: number }>('GET', '/db/check');
      expect(check.totalinconsistencies, `round ${round}: /db/check ${JSON.stringify(check)}`).toBe(0);
      expect(await nodeState(), `round ${round}: nodes against the database`).toEqual(await dbState(server.api));
      console.log(`db-on-gluster: round ${round} ok ${JSON.stringify(stats)}`);
    }
    console.log(`db-on-gluster: ${JSON.stringify(stats)}`);
    expect(stats.kills).toBe(ROUNDS);
    expect(stats.created).toBeGreaterThan(0);
    expect(stats.interrupted).toBeGreaterThan(0);
  }, 1_500_000);
});
