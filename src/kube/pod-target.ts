/**
 * Which pod runs a node's commands (Heketi's pkg/remoteexec/kube/target.go and
 * executors/kubeexec/kubeexec.go): the pod named like the host (use_pod_names), the pod with the
 * label key `glusterfs-node` bound to the node (gluster_daemonset), or the one pod labelled
 * `glusterfs-node=<host>`. Commands run in the pod's first container.
 */

/** The label Heketi's gluster pods carry (executors/kubeexec KubeGlusterFSPodLabelKey). */
export const GLUSTERFS_POD_LABEL = 'glusterfs-node';

export type PodLookupMode = 'pod-name' | 'daemonset' | 'label';

/** The reads of the Kubernetes API that a lookup needs; errors carry the API's message. */
export interface PodApi {
  listPods(namespace: string, labelSelector: string): Promise<Array<{ name: string; nodeName: string | undefined }>>;
  /** The names of the pod's containers, in order. */
  containerNames(namespace: string, pod: string): Promise<string[]>;
}

/** Where a command runs; `origin` says how the pod was found, for error messages. */
export interface ExecTarget {
  namespace: string;
  pod: string;
  container: string;
  origin: string;
}

/** The pod could not be determined; the message is Heketi's text (with the API's reason appended). */
export class PodLookupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PodLookupError';
  }
}

/** Heketi's configuration flags to a mode: use_pod_names wins over gluster_daemonset. */
export const podLookupMode = (config: { usePodNames: boolean; glusterDaemonset: boolean }): PodLookupMode =>
  config.usePodNames ? 'pod-name' : config.glusterDaemonset ? 'daemonset' : 'label';

const reason = (e: unknown): string => (e instanceof Error ? e.message : String(e));

const listPods = async (api: PodApi, namespace: string, selector: string) => {
  try {
    return await api.listPods(namespace, selector);
  } catch (e) {
    throw new PodLookupError(`Failed to get list of pods: ${reason(e)}`);
  }
};

const podForHost = async (api: PodApi, mode: PodLookupMode, namespace: string, host: string): Promise<{ pod: string; origin: string }> => {
  switch (mode) {
    case 'pod-name':
      return { pod: host, origin: 'pod name' };
    case 'daemonset': {
      const pods = await listPods(api, namespace, GLUSTERFS_POD_LABEL);
      // Heketi kept the last match; a DaemonSet has one pod per node anyway.
      const match = pods.filter((p) => p.nodeName === host).pop();
      if (!match) throw new PodLookupError(`Unable to find a GlusterFS pod on host ${host} with a label key ${GLUSTERFS_POD_LABEL}`);
      return { pod: match.name, origin: `host:${host} selector:${GLUSTERFS_POD_LABEL}` };
    }
    case 'label': {
      const pods = await listPods(api, namespace, `${GLUSTERFS_POD_LABEL}==${host}`);
      if (pods.length === 0) throw new PodLookupError(`No pods with the label '${GLUSTERFS_POD_LABEL}=${host}' were found`);
      if (pods.length > 1) {
        throw new PodLookupError(
          `Found ${pods.length} pods sharing the same label '${GLUSTERFS_POD_LABEL}=${host}': ${pods.map((p) => p.name).join(', ')}`,
        );
      }
      return { pod: pods[0]!.name, origin: `label:${GLUSTERFS_POD_LABEL}=${host}` };
    }
  }
};

/** Finds the pod and its first container for a node's manage hostname. */
export const findExecTarget = async (api: PodApi, mode: PodLookupMode, namespace: string, host: string): Promise<ExecTarget> => {
  const { pod, origin } = await podForHost(api, mode, namespace, host);
  let containers: string[];
  try {
    containers = await api.containerNames(namespace, pod);
  } catch (e) {
    throw new PodLookupError(`Unable to get pod spec for ${pod}: ${reason(e)}`);
  }
  const container = containers[0];
  if (!container) throw new PodLookupError(`Unable to get pod spec for ${pod}: the pod has no containers`);
  return { namespace, pod, container, origin };
};

/** How errors name a target: Heketi's "pod:P c:C ns:N (from ORIGIN)". */
export const describeTarget = (target: ExecTarget): string =>
  `pod:${target.pod} c:${target.container} ns:${target.namespace} (from ${target.origin})`;
