import { existsSync } from 'node:fs';
import { RbacAuthorizationV1Api, KubeConfig } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { type ApiCluster, type VolumeInfo, deviceFree, leftoversOnNodes } from '../e2e/helpers/api-cluster.js';
import { ApiError, type ApiClient } from '../e2e/helpers/heketi-server.js';
import { hostPattern, loadTestbed, newId, onNode, spareAddress } from '../e2e/helpers/testbed.js';
import { createRunningPod, deletePod, glusterfsPod, kwokNode } from './helpers/kube-faults.js';
import { nodesByName, useKubeSuite } from './helpers/kube-suite.js';
import { adminCoreApi, loadKubebed } from './helpers/kubebed.js';

// Faults on the Kubernetes side (a dead kubelet, a missing pod, RBAC without pods/exec) and on the
// node (the LVM shim failing), seen through heketi-ts's HTTP API with the kubernetes executor.
const tb = loadTestbed();
const bed = loadKubebed();
const nodes = () => nodesByName(tb, bed);
const [n1 = '', n2 = '', n3 = ''] = tb.nodes;
const [, kube2 = '', kube3 = ''] = bed.nodeNames;
let api: ApiClient;
let cluster: ApiCluster;
const liveVolumes = new Set<string>();
const replica3 = { size: 1, durability: { type: 'replicate', replicate: { replica: 3 } } };

/** Runs an asynchronous request to its end: the result, or the ApiError it failed with. */
const outcome = async <T>(call: Promise<T>): Promise<T | ApiError> =>
  call.then(
    (value) => value,
    (e: unknown) => {
      if (e instanceof ApiError) return e;
      throw e;
    },
  );

/** The error a create ends with; a create that succeeds fails the test (and is cleaned up). */
const failedCreate = async (body: Record<string, unknown> = replica3, afterAccepted?: () => Promise<void>): Promise<ApiError> => {
  const accepted = await api.raw('POST', '/volumes', body);
  expect(accepted.status).toBe(202);
  await accepted.arrayBuffer();
  await afterAccepted?.();
  const queue = accepted.headers.get('location') ?? '';
  for (;;) {
    const poll = await api.raw('GET', queue);
    if (poll.status === 200 && poll.headers.get('x-pending') === 'true') {
      await poll.arrayBuffer();
      await new Promise((r) => setTimeout(r, 200));
      continue;
    }
    if (poll.status === 303) {
      const volume = await api.json<VolumeInfo>('GET', poll.headers.get('location') ?? '');
      liveVolumes.add(volume.id);
      throw new Error(`the create succeeded: ${volume.id}`);
    }
    return new ApiError(poll.status, await poll.text(), 'POST /volumes');
  }
};

const volumeIds = async (): Promise<string[]> => (await api.json<{ volumes: string[] }>('GET', '/volumes')).volumes;

useKubeSuite(tb, bed, nodes, liveVolumes, (suite) => {
  ({ api, cluster } = suite);
});

describe('a node whose kubelet (kwok) dies during a volume create', () => {
  it('fails naming the node, its pod and the command; nothing is left on the other nodes; cleanup finishes the rest', async () => {
    const freeBefore = await deviceFree(api, cluster);
    let error: ApiError;
    try {
      error = await failedCreate(replica3, () => kwokNode(tb, bed, 'stop', 3));
      console.log(`kube tier: create with ${kube3}'s kwok killed: ${error.body.trim()}`);
      expect(await leftoversOnNodes(tb, [n1, n2])).toEqual([]);
    } finally {
      await kwokNode(tb, bed, 'start', 3);
    }
    expect(error.status).toBe(500);
    expect(error.body).toMatch(
      new RegExp(`host ${kube3}: command ".*" (could not be run|lost its connection): pod:glusterfs-${kube3} c:glusterfs ns:${bed.namespace} .*`),
    );
    expect(await volumeIds()).toEqual([]);
    // What could not be undone on the dead node (a brick half made when its kubelet died) is
    // finished by the pending-operations cleanup once the node is back.
    await api.async('POST', '/operations/pending/cleanup', { operations: [] });
    expect(await leftoversOnNodes(tb, [n1, n2, n3])).toEqual([]);
    expect(await deviceFree(api, cluster)).toEqual(freeBefore);
  });
});

describe('a node without its glusterfs pod', () => {
  it("fails with Heketi's text and leaves nothing behind", async () => {
    const core = adminCoreApi(bed);
    const freeBefore = await deviceFree(api, cluster);
    await deletePod(core, bed.namespace, `glusterfs-${kube2}`);
    let error: ApiError;
    try {
      error = await failedCreate();
    } finally {
      await createRunningPod(core, bed.namespace, glusterfsPod(kube2));
    }
    expect(error.body).toContain(`Unable to find a GlusterFS pod on host ${kube2} with a label key glusterfs-node`);
    expect(await leftoversOnNodes(tb, [n1, n2, n3])).toEqual([]);
    expect(await deviceFree(api, cluster)).toEqual(freeBefore);
    expect(await volumeIds()).toEqual([]);
  });
});

describe('RBAC without pods/exec', () => {
  it('fails a create with an error that names the missing permission, and changes nothing', async () => {
    const config = new KubeConfig();
    config.loadFromFile(bed.adminKubeconfig);
    const rbac = config.makeApiClient(RbacAuthorizationV1Api);
    const namespace = bed.namespace;
    const binding = await rbac.readNamespacedRoleBinding({ namespace, name: 'heketi-exec' });
    const freeBefore = await deviceFree(api, cluster);
    await rbac.deleteNamespacedRoleBinding({ namespace, name: 'heketi-exec' });
    let error: ApiError;
    try {
      error = await failedCreate();
    } finally {
      await rbac.createNamespacedRoleBinding({
        namespace,
        body: { metadata: { name: 'heketi-exec' }, roleRef: binding.roleRef, subjects: binding.subjects ?? [] },
      });
    }
    const node = `(${bed.nodeNames.map(hostPattern).join('|')})`;
    expect(error.body).toMatch(
      new RegExp(`host ${node}: command ".*" could not be run: pod:glusterfs-${node} .*HTTP 403 Forbidden\\): the credentials lack RBAC permission on pods/exec in namespace glusterfs`),
    );
    expect(await leftoversOnNodes(tb, [n1, n2, n3])).toEqual([]);
    expect(await volumeIds()).toEqual([]);
    // The rollback could not check the nodes either (no exec), so the operation waits for the
    // pending-operations cleanup, which finishes it once the permission is back.
    await api.async('POST', '/operations/pending/cleanup', { operations: [] });
    expect(await deviceFree(api, cluster)).toEqual(freeBefore);
  });
});

describe('an LVM failure on one node (the shim fault injection)', () => {
  it('rolls the create back on every node and gives the space back', async () => {
    const freeBefore = await deviceFree(api, cluster);
    await onNode(tb, n2, "mkdir -p /run/lvmshim/inject && echo 'injected: thin pool metadata failure' > /run/lvmshim/inject/lvcreate.always");
    let error: ApiError;
    try {
      error = await failedCreate();
    } finally {
      await onNode(tb, n2, 'rm -f /run/lvmshim/inject/lvcreate.always');
    }
    expect(error.body).toMatch(new RegExp(`host ${kube2}: command ".*lvcreate .*" failed with exit code 5: injected: thin pool metadata failure`));
    expect(await leftoversOnNodes(tb, [n1, n2, n3])).toEqual([]);
    expect(await deviceFree(api, cluster)).toEqual(freeBefore);
    expect(await volumeIds()).toEqual([]);
  });
});

describe('injection payloads through the API', () => {
  it('are refused or stored literally; the marker never appears on any node', async () => {
    const marker = `/tmp/pwned-${newId()}`;
    const payloads = [`;touch ${marker}`, `$(touch ${marker})`, `\`touch ${marker}\``, `'"; touch ${marker}`, `\ntouch ${marker}`];
    const refused = async (call: Promise<unknown>): Promise<void> => {
      expect(await outcome(call)).toBeInstanceOf(ApiError);
    };
    for (const payload of payloads) {
      await refused(api.async('POST', '/volumes', { ...replica3, name: `v${payload}` }));
      await refused(api.async('POST', '/devices', { node: [...cluster.hostOfNode.keys()][0], name: `/dev/sdc${payload}` }));
      await refused(api.async('POST', '/nodes', { cluster: cluster.id, zone: 1, hostnames: { manage: [`${bed.nodeNames[0]}${payload}`], storage: [spareAddress(tb, 50)] } }));
    }
    const inert = (await api.async<VolumeInfo>('POST', '/volumes', {
      ...replica3,
      glustervolumeoptions: payloads.slice(0, 4).map((p, i) => `user.p${i} ${p}`),
    })) as VolumeInfo;
    liveVolumes.add(inert.id);
    const stored = await onNode(tb, n1, `gluster --mode=script volume info ${inert.name}`);
    for (const [i, payload] of payloads.slice(0, 4).entries()) expect(stored).toContain(`user.p${i}: ${payload}`);
    await api.async('DELETE', `/volumes/${inert.id}`);
    liveVolumes.delete(inert.id);
    expect(existsSync(marker)).toBe(false);
    for (const node of tb.nodes) expect((await onNode(tb, node, `test -e ${marker} && echo yes || echo no`)).trim()).toBe('no');
  });
});
