/**
 * heketi-ts with the kubernetes executor on the kubebed: the settings, the topology (manage
 * hostname = Kubernetes node name, storage hostname = the node's IP) loaded with heketi-ts's own
 * `topology load` through the HTTP API, and the suite set-up the e2e tier's useApiSuite does.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type ApiCluster, type ApiSuite, useHeketiSuite } from '../../e2e/helpers/api-cluster.js';
import { ADMIN_KEY, type ApiClient, type HeketiOptions, type HeketiProcess, startHeketi } from '../../e2e/helpers/heketi-server.js';
import type { Testbed } from '../../e2e/helpers/testbed.js';
import type { Kubebed } from './kubebed.js';

const run = promisify(execFile);

export type LookupMode = 'daemonset' | 'label' | 'pod-name';

export interface KubeHeketiOptions {
  mode?: LookupMode;
  /** Connect with the admin kubeconfig instead of the in-cluster service-account files. */
  kubeconfig?: string;
  /** Another service-account directory prefix (e.g. one without pods/exec rights). */
  inClusterPrefix?: string;
  kubeexec?: Record<string, unknown>;
  maxInflightOperations?: number;
  /** glusterfs.executor: "kubernetes" (default) or its alias "kube". */
  executorName?: 'kubernetes' | 'kube';
  /** Added to heketi-ts's environment (after the in-cluster variables). */
  env?: Record<string, string>;
}

/** The glusterfs.executor / kubeexec settings for the bed. */
export const kubeExecutorSettings = (tb: Testbed, bed: Kubebed, options: KubeHeketiOptions = {}): Record<string, unknown> => {
  const mode = options.mode ?? 'daemonset';
  return {
    executor: options.executorName ?? 'kubernetes',
    kubeexec: {
      // the namespace comes from the service account's namespace file unless a kubeconfig is used
      ...(options.kubeconfig ? { kubeconfig: options.kubeconfig, namespace: bed.namespace } : {}),
      in_cluster_prefix: options.inClusterPrefix ?? bed.inClusterPrefix,
      gluster_daemonset: mode === 'daemonset',
      use_pod_names: mode === 'pod-name',
      fstab: '/etc/fstab',
      lvm_wrapper: tb.lvmWrapper,
      ...options.kubeexec,
    },
  };
};

export const startKubeHeketi = (tb: Testbed, bed: Kubebed, options: KubeHeketiOptions = {}): Promise<HeketiProcess> => {
  const heketiOptions: HeketiOptions = {
    executor: kubeExecutorSettings(tb, bed, options),
    env: { KUBERNETES_SERVICE_HOST: bed.serviceHost, KUBERNETES_SERVICE_PORT: bed.servicePort, KUBECONFIG: '', ...options.env },
    // a first start (tsx compiling, the Kubernetes client loading) is slow on a busy machine
    readyTimeoutMs: 90_000,
    ...(options.maxInflightOperations === undefined ? {} : { maxInflightOperations: options.maxInflightOperations }),
  };
  return startHeketi(tb, heketiOptions);
};

/** A node of the topology: its manage hostname (how the executor reaches it) and storage IP. */
export interface TopologyNode {
  manage: string;
  storage: string;
}

/** Nodes of the bed by Kubernetes node name (the DaemonSet and label modes). */
export const nodesByName = (tb: Testbed, bed: Kubebed, count = 3): TopologyNode[] =>
  bed.nodeNames.slice(0, count).map((manage, i) => ({ manage, storage: tb.allNodes[i] ?? '' }));

/**
 * Loads a one-cluster topology with `heketi-ts topology load` (heketi-cli's command) against the
 * running server, then reads the cluster back: node id → storage IP, for the e2e helpers that look
 * at the nodes over ssh.
 */
export const loadTopology = async (api: ApiClient, nodes: TopologyNode[], zones = true): Promise<ApiCluster & { output: string }> => {
  const dir = mkdtempSync(join(tmpdir(), 'heketi-ts-kube-topology-'));
  const file = join(dir, 'topology.json');
  const topology = {
    clusters: [
      {
        nodes: nodes.map((node, i) => ({
          node: { hostnames: { manage: [node.manage], storage: [node.storage] }, zone: zones ? i + 1 : 1 },
          devices: [{ name: '/dev/sdb', destroydata: false }],
        })),
      },
    ],
  };
  writeFileSync(file, JSON.stringify(topology, null, 2));
  const { stdout } = await run(
    process.execPath,
    ['--import', 'tsx', 'src/main.ts', '--server', api.base, '--user', 'admin', '--secret', ADMIN_KEY, 'topology', 'load', `--json=${file}`],
    { maxBuffer: 16 * 1024 * 1024 },
  );
  const clusters = await api.json<{ clusters: string[] }>('GET', '/clusters');
  if (clusters.clusters.length !== 1) throw new Error(`expected one cluster after topology load, got ${clusters.clusters.length}\n${stdout}`);
  const id = clusters.clusters[0] ?? '';
  const info = await api.json<{ nodes: string[] }>('GET', `/clusters/${id}`);
  const hostOfNode = new Map<string, string>();
  for (const nodeId of info.nodes) {
    const node = await api.json<{ hostnames: { storage: string[] } }>('GET', `/nodes/${nodeId}`);
    hostOfNode.set(nodeId, node.hostnames.storage[0] ?? '');
  }
  return { id, hostOfNode, output: stdout };
};

export type KubeSuite = ApiSuite<ApiCluster & { output: string }>;

/**
 * Before the suite: a whole trusted pool, heketi-ts with the kubernetes executor, the topology
 * loaded. After it: volumes, devices, nodes and the cluster deleted through the API, heketi-ts
 * stopped, the pool mended, and no PV left on any node (the e2e suites' useHeketiSuite).
 */
export const useKubeSuite = (
  tb: Testbed,
  bed: Kubebed,
  nodes: () => TopologyNode[],
  liveVolumes: Set<string>,
  ready: (suite: KubeSuite) => void,
  options: KubeHeketiOptions = {},
): void =>
  useHeketiSuite(
    tb,
    { start: () => startKubeHeketi(tb, bed, options), load: (api) => loadTopology(api, nodes()), storageHosts: () => nodes().map((n) => n.storage) },
    liveVolumes,
    ready,
  );
