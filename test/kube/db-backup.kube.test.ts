import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { dumpDatabase } from '../../src/services/db-dump.js';
import { openStore } from '../../src/store/store.js';
import { loadCluster } from '../e2e/helpers/api-cluster.js';
import { ADMIN_KEY, type HeketiProcess, startHeketi } from '../e2e/helpers/heketi-server.js';
import { loadTestbed } from '../e2e/helpers/testbed.js';
import { adminCoreApi, loadKubebed } from './helpers/kubebed.js';
import { readManifests, restoreBedRole, serverSideApply } from './helpers/manifests.js';

// backup_db_to_kube_secret against the kubebed's apiserver, with the RBAC of deploy/kubernetes:
// the secret appears and holds the live database; `db restore --from-kube-secret` and the
// start-up restore bring the same database back. The mock executor: only the database matters.
const tb = loadTestbed();
const bed = loadKubebed();
const core = adminCoreApi(bed);
const SECRET = 'heketi-db-backup';
const dir = mkdtempSync(join(tmpdir(), 'heketi-ts-kube-backup-'));
const dbPath = join(dir, 'db', 'heketi.db');
const inCluster = { KUBERNETES_SERVICE_HOST: bed.serviceHost, KUBERNETES_SERVICE_PORT: bed.servicePort, KUBECONFIG: '' };
const mockOnKube = { executor: 'mock', kubeexec: { in_cluster_prefix: bed.inClusterPrefix } };
let server: HeketiProcess | undefined;

const startWithBackup = (): Promise<HeketiProcess> =>
  startHeketi(tb, { db: dbPath, executor: mockOnKube, env: { ...inCluster, HEKETI_BACKUP_DB_TO_KUBE_SECRET: 'y' } });

/** The database image in the secret (gunzipped), or undefined while there is none. */
const backupImage = async (): Promise<Buffer | undefined> => {
  const secret = await core.readNamespacedSecret({ name: SECRET, namespace: bed.namespace });
  const data = secret.data?.['heketi.db.gz'];
  return data === undefined ? undefined : gunzipSync(Buffer.from(data, 'base64'));
};

/** `heketi-ts db export` of a database file: the same text as GET /db/dump. */
const dumpOf = (file: string): string => {
  const store = openStore(file);
  try {
    return dumpDatabase(store);
  } finally {
    store.close();
  }
};

const removeDb = (): void => {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${dbPath}${suffix}`, { force: true });
};

beforeAll(async () => {
  // The deployment's RBAC and its (empty) backup secret, fresh: no backup from an earlier run.
  await core.deleteNamespacedSecret({ name: SECRET, namespace: bed.namespace }).catch(() => undefined);
  const objects = readManifests(['00-rbac.yaml', '20-heketi.yaml'], bed.namespace).filter(
    (o) => o.kind !== 'Deployment' && o.kind !== 'Service',
  );
  await serverSideApply(bed, objects);
});

afterAll(async () => {
  await server?.stop();
  await restoreBedRole(bed);
});

describe('backup_db_to_kube_secret on a real apiserver', () => {
  let liveDump = '';
  /** The database as the stopped server left it (its last backup was flushed at stop). */
  let stoppedDump = '';

  it('writes the live database into the secret after changes, keeping the secret\'s labels', async () => {
    server = await startWithBackup();
    await loadCluster(server.api, tb.nodes);
    for (const name of ['backup-a', 'backup-b']) {
      await server.api.async('POST', '/volumes', { size: 1, name, durability: { type: 'replicate', replicate: { replica: 3 } } });
    }
    liveDump = await (await server.api.raw('GET', '/db/dump')).text();
    // The backup follows the last change within the debounce window.
    let image: Buffer | undefined;
    for (let i = 0; i < 150; i++) {
      image = await backupImage();
      if (image) {
        writeFileSync(join(dir, 'from-secret.db'), image);
        if (`${dumpOf(join(dir, 'from-secret.db'))}` === liveDump) break;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(image?.subarray(0, 16).toString('latin1')).toBe('SQLite format 3\0');
    expect(dumpOf(join(dir, 'from-secret.db'))).toBe(liveDump);
    expect(JSON.parse(liveDump).volumeentries).not.toEqual({});
    const secret = await core.readNamespacedSecret({ name: SECRET, namespace: bed.namespace });
    expect(secret.metadata?.labels).toEqual({ glusterfs: 'heketi-db', heketi: 'db' });
    expect(server.output()).toContain(`Backup successful: secret ${bed.namespace}/${SECRET} key heketi.db.gz`);
  });

  it('`db restore --from-kube-secret` brings the same database back after the file is lost, and never overwrites', async () => {
    await server?.stop();
    server = undefined;
    const before = dumpOf(dbPath);
    stoppedDump = before;
    removeDb();
    const config = join(dir, 'heketi.json');
    writeFileSync(config, JSON.stringify({ jwt: { admin: { key: ADMIN_KEY }, user: { key: 'u' } }, glusterfs: { db: dbPath, ...mockOnKube } }));
    const out: string[] = [];
    const io = { stdout: (t: string) => out.push(t), stderr: (t: string) => out.push(t), env: inCluster, sleep: async () => undefined };
    expect(await runCli(['node', 'heketi-ts', 'db', 'restore', '--from-kube-secret', `--config=${config}`], io)).toBe(0);
    expect(out.join('')).toMatch(new RegExp(`^DB restored to ${dbPath} from secret ${bed.namespace}/${SECRET} key heketi.db.gz \\(\\d+ bytes\\)\n$`));
    expect(dumpOf(dbPath)).toBe(before);

    out.length = 0;
    expect(await runCli(['node', 'heketi-ts', 'db', 'restore', '--from-kube-secret', `--config=${config}`], io)).toBe(255);
    expect(out.join('')).toContain(`Error: ${dbPath} exists: move it away first`);
  });

  it('restores at start-up when the db file is missing, says so loudly, and serves the same topology and volumes', async () => {
    removeDb();
    expect(existsSync(dbPath)).toBe(false);
    server = await startWithBackup();
    expect(server.output()).toContain('DATABASE RESTORED FROM BACKUP');
    expect(await (await server.api.raw('GET', '/db/dump')).text()).toBe(stoppedDump);
    const volumes = (await server.api.json<{ volumes: string[] }>('GET', '/volumes')).volumes;
    expect(volumes).toHaveLength(2);
  });
});
