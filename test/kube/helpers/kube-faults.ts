/** Faults on the kubebed: a node's kwok (its kubelet) stopped, its glusterfs pod deleted and made again. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { CoreV1Api } from '@kubernetes/client-node';
import type { Testbed } from '../../e2e/helpers/testbed.js';
import type { Kubebed } from './kubebed.js';

const run = promisify(execFile);

/** Stops or starts the kwok of bed node `index` (1-based) with kubebed/kwok-node.sh. */
export const kwokNode = async (tb: Testbed, bed: Kubebed, command: 'stop' | 'start', index: number): Promise<void> => {
  const script = new URL('../kubebed/kwok-node.sh', import.meta.url).pathname;
  await run('bash', [script, command, String(index)], { env: { ...process.env, TB_ROOT: tb.root, KS_ROOT: bed.root } });
};

/** The glusterfs pod kwok-nodes-up.sh made for a node, as an object to create it again. */
export const glusterfsPod = (node: string, labels: Record<string, string> = { 'glusterfs-node': 'daemonset' }, name = `glusterfs-${node}`) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, labels },
  spec: {
    nodeName: node,
    hostNetwork: true,
    containers: [{ name: 'glusterfs', image: 'gluster/gluster-centos:latest', securityContext: { privileged: true } }],
  },
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Deletes a pod at once (grace 0) and waits until the API no longer has it. */
export const deletePod = async (core: CoreV1Api, namespace: string, name: string): Promise<void> => {
  await core.deleteNamespacedPod({ namespace, name, gracePeriodSeconds: 0 });
  for (let i = 0; i < 150; i++) {
    const gone = await core.readNamespacedPod({ namespace, name }).then(
      () => false,
      () => true,
    );
    if (gone) return;
    await sleep(200);
  }
  throw new Error(`pod ${name} still there`);
};

/** Creates a pod and waits until kwok reports it Running. */
export const createRunningPod = async (core: CoreV1Api, namespace: string, pod: ReturnType<typeof glusterfsPod>): Promise<void> => {
  await core.createNamespacedPod({ namespace, body: pod });
  // kwok's pod stages take from seconds to most of a minute on a busy machine
  for (let i = 0; i < 900; i++) {
    const read = await core.readNamespacedPod({ namespace, name: pod.metadata.name });
    if (read.status?.phase === 'Running') return;
    await sleep(200);
  }
  throw new Error(`pod ${pod.metadata.name} not Running`);
};
