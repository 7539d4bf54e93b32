import type { KubeAccess } from './access.js';
import { kubeErrorText } from './api-errors.js';
import type { PodApi } from './pod-target.js';
import { kubeRequester } from './rest.js';

/** The fields of a core/v1 Pod (and PodList) a lookup reads. */
interface Pod {
  metadata?: { name?: string };
  spec?: { nodeName?: string; containers?: { name: string }[] };
}

/** The pod reads a lookup needs, through the Kubernetes API; errors carry the API's message. */
export const kubePodApi = (access: KubeAccess): PodApi => {
  const request = kubeRequester(access);
  const explain = (e: unknown): never => {
    throw new Error(kubeErrorText(e));
  };
  return {
    listPods: async (namespace, labelSelector) => {
      const query = labelSelector ? `?labelSelector=${encodeURIComponent(labelSelector)}` : '';
      const list = (await request('GET', `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods${query}`).catch(explain)) as { items?: Pod[] };
      return (list.items ?? []).map((pod) => ({ name: pod.metadata?.name ?? '', nodeName: pod.spec?.nodeName }));
    },
    containerNames: async (namespace, name) => {
      const pod = (await request('GET', `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(name)}`).catch(explain)) as Pod;
      return (pod.spec?.containers ?? []).map((c) => c.name);
    },
  };
};
