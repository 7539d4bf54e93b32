import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { V1Deployment, V1EnvVar } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type VolumeInfo, leftoversOnNodes, pvCounts, unloadCluster } from '../e2e/helpers/api-cluster.js';
// The key the suite's helpers (topology load through heketi-ts's CLI) sign with.
import { ADMIN_KEY, ApiClient } from '../e2e/helpers/heketi-server.js';
import { ensurePool, loadTestbed } from '../e2e/helpers/testbed.js';
import { loadTopology, nodesByName } from './helpers/kube-suite.js';
import { adminCoreApi, loadKubebed } from './helpers/kubebed.js';
import { MANIFEST_FILES, adminObjectApi, readManifests, restoreBedRole, serverSideApply } from './helpers/manifests.js';
import { startAsContainer, type ContainerProcess } from './helpers/container.js';

// deploy/kubernetes on the kubebed's apiserver: every object accepted by server-side apply; then
// heketi-ts started as the Deployment's container (its command, args and env as the apiserver
// stored them, its heketi.json from the config secret, the service-account files) runs the
// provisioner's flow: topology load, a replica-3 create and delete through the kubernetes executor.
const tb = loadTestbed();
const bed = loadKubebed();
const ns = bed.namespace;
const keysSecret = {
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 'heketi-jwt-keys', namespace: ns },
  stringData: { admin: ADMIN_KEY, user: 'deployment test user key' },
};
// The bed's own exec grant for the service account; taken away while heketi-ts runs, so that only
// 00-rbac.yaml's Role stands behind it.
const bedExecBinding = {
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'RoleBinding',
  metadata: { name: 'heketi-exec', namespace: ns },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'heketi-exec' },
  subjects: [{ kind: 'ServiceAccount', name: 'heketi-service-account', namespace: ns }],
};

let heketi: ContainerProcess | undefined;
let deployment: V1Deployment;
/** What the flow loaded, deleted again after it even when it failed half-way. */
let loaded: { api: ApiClient; cluster: Awaited<ReturnType<typeof loadTopology>> } | undefined;

beforeAll(async () => {
  await serverSideApply(bed, [keysSecret]);
  // A backup left by an earlier suite would be restored into the new pod's empty db volume.
  await adminCoreApi(bed).deleteNamespacedSecret({ name: 'heketi-db-backup', namespace: ns }).catch(() => undefined);
});

afterAll(async () => {
  try {
    if (loaded) await unloadCluster(loaded.api, loaded.cluster);
    await heketi?.stop();
    await ensurePool(tb);
  } finally {
    await serverSideApply(bed, [bedExecBinding]);
    await restoreBedRole(bed);
  }
  expect(await pvCounts(tb, tb.nodes)).toEqual(tb.nodes.map(() => '0'));
});

describe('deploy/kubernetes', () => {
  it('is accepted object by object by server-side apply', async () => {
    const objects = readManifests(MANIFEST_FILES, ns);
    const applied = await serverSideApply(bed, objects);
    const names = (list: typeof objects) => list.map((o) => `${o.kind}/${o.metadata?.name}`);
    expect(names(applied)).toEqual(names(objects));
    expect(names(objects)).toEqual([
      'ServiceAccount/heketi-service-account',
      'Role/heketi',
      'RoleBinding/heketi',
      'Secret/heketi-config-secret',
      'Secret/heketi-db-backup',
      'Service/heketi',
      'Deployment/heketi',
      'StorageClass/glusterfs-replicate-3',
    ]);
    for (const object of applied) expect(object.metadata?.uid).toMatch(/^[0-9a-f-]{36}$/);
    deployment = (await adminObjectApi(bed).read({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'heketi', namespace: ns },
    })) as V1Deployment;
    const container = deployment.spec?.template.spec?.containers[0];
    expect(container?.readinessProbe?.httpGet?.path).toBe('/readyz');
    expect(container?.livenessProbe?.httpGet?.path).toBe('/healthz');
    expect(deployment.spec?.strategy?.type).toBe('Recreate');
  });

  it("runs the provisioner's flow as the Deployment's container: topology load, replica-3 create and delete", async () => {
    await ensurePool(tb);
    await adminObjectApi(bed).delete(bedExecBinding).catch(() => undefined);
    const root = mkdtempSync(join(tmpdir(), 'heketi-ts-pod-'));
    mkdirSync(join(root, 'var', 'lib', 'heketi'), { recursive: true });
    heketi = await startAsContainer(bed, deployment, root, {
      // What only this bed needs: its LVM shim (as Heketi needed on it), and no gluster snapshot
      // limit — glusterd refuses `snapshot config` without real LVM, which the bed does not have.
      extraEnv: [
        { name: 'HEKETI_LVM_WRAPPER', value: tb.lvmWrapper },
        { name: 'HEKETI_SNAPSHOT_LIMIT', value: '0' },
      ] satisfies V1EnvVar[],
    });
    expect(heketi.output()).toContain('journal_mode=');
    expect(heketi.output()).not.toContain('DATABASE RESTORED');
    const api = new ApiClient(heketi.url, ADMIN_KEY);
    expect((await fetch(`${heketi.url}/readyz`)).status).toBe(200);

    const cluster = await loadTopology(api, nodesByName(tb, bed));
    loaded = { api, cluster };
    expect(cluster.hostOfNode.size, cluster.output).toBe(3);
    const volume = (await api.async<VolumeInfo>('POST', '/volumes', {
      size: 1,
      durability: { type: 'replicate', replicate: { replica: 3 } },
    })) as VolumeInfo;
    expect(volume.bricks).toHaveLength(3);
    await api.async('DELETE', `/volumes/${volume.id}`);
    expect(await leftoversOnNodes(tb, tb.nodes)).toEqual([]);
    console.log(`deployment: heketi-ts peak RSS ${heketi.peakRssKib()} KiB, ${heketi.cpuSeconds()} CPU-s for start, topology load, create, delete`);
    // The Deployment turns the backup on: the pod's database is in the secret.
    const backup = await adminCoreApi(bed).readNamespacedSecret({ name: 'heketi-db-backup', namespace: ns });
    expect(backup.data?.['heketi.db.gz']).toBeTruthy();

  });
});
