import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HeketiProcess } from '../e2e/helpers/heketi-server.js';
import { ensurePool, loadTestbed } from '../e2e/helpers/testbed.js';
import { createRunningPod, deletePod, glusterfsPod } from './helpers/kube-faults.js';
import { nodesByName, startKubeHeketi, type KubeHeketiOptions, type TopologyNode } from './helpers/kube-suite.js';
import { adminCoreApi, loadKubebed } from './helpers/kubebed.js';
import { volumeRound } from './helpers/scenario.js';

// The other ways Heketi's kubeexec finds a node's pod, and heketi-ts's kubeconfig connection (which
// lets it run outside the cluster): each runs a whole round (topology, replica-3 volume, cleanup).
const tb = loadTestbed();
const bed = loadKubebed();

const round = async (options: KubeHeketiOptions, nodes: TopologyNode[], expectLog: RegExp): Promise<void> => {
  await ensurePool(tb);
  let heketi: HeketiProcess | undefined;
  try {
    heketi = await startKubeHeketi(tb, bed, options);
    expect(heketi.output()).toMatch(expectLog);
    await volumeRound(tb, heketi, nodes);
  } finally {
    await heketi?.stop();
  }
};

describe('a kubeconfig instead of the in-cluster files, with the executor named "kube"', () => {
  it('runs a whole round with the admin kubeconfig and no KUBERNETES_SERVICE_HOST', async () => {
    await round(
      { kubeconfig: bed.adminKubeconfig, kubeexec: {}, executorName: 'kube', env: { KUBERNETES_SERVICE_HOST: '', KUBERNETES_SERVICE_PORT: '' } },
      nodesByName(tb, bed),
      new RegExp(`kubernetes executor: kubeconfig ${bed.adminKubeconfig}, namespace glusterfs, pods by daemonset`),
    );
  });
});

describe('label mode: the one pod labelled glusterfs-node=<host>', () => {
  const core = adminCoreApi(bed);
  const pods = bed.nodeNames.slice(0, 3).map((node) => glusterfsPod(node, { 'glusterfs-node': node }, `gfs-label-${node}`));
  beforeAll(async () => {
    for (const pod of pods) await createRunningPod(core, bed.namespace, pod);
  });
  afterAll(async () => {
    for (const pod of pods) await deletePod(core, bed.namespace, pod.metadata.name).catch(() => undefined);
  });

  it('runs a whole round', async () => {
    await round({ mode: 'label' }, nodesByName(tb, bed), /kubernetes executor: in-cluster, namespace glusterfs, pods by label/);
  });
});

describe('use_pod_names: the manage hostname is the pod name', () => {
  it('runs a whole round with pod names as manage hostnames', async () => {
    const nodes = bed.nodeNames.slice(0, 3).map((node, i) => ({ manage: `glusterfs-${node}`, storage: tb.allNodes[i] ?? '' }));
    // the file says DaemonSet mode; HEKETI_KUBE_USE_POD_NAMES (first character y) turns pod names on
    await round({ mode: 'daemonset', env: { HEKETI_KUBE_USE_POD_NAMES: 'yes' } }, nodes, /kubernetes executor: in-cluster, namespace glusterfs, pods by pod-name/);
  });
});
