import { CoreV1Api, type KubeConfig } from '@kubernetes/client-node';
import { kubeErrorText } from './api-errors.js';
import type { PodApi } from './pod-target.js';

/** The pod reads a lookup needs, through the Kubernetes API; errors carry the API's message. */
export const kubePodApi = (kubeConfig: KubeConfig): PodApi => {
  const core = kubeConfig.makeApiClient(CoreV1Api);
  const explain = (e: unknown): never => {
    throw new Error(kubeErrorText(e));
  };
  return {
    listPods: async (namespace, labelSelector) => {
      const list = await core.listNamespacedPod({ namespace, labelSelector }).catch(explain);
      return list.items.map((pod) => ({ name: pod.metadata?.name ?? '', nodeName: pod.spec?.nodeName }));
    },
    containerNames: async (namespace, name) => {
      const pod = await core.readNamespacedPod({ namespace, name }).catch(explain);
      return (pod.spec?.containers ?? []).map((c) => c.name);
    },
  };
};
