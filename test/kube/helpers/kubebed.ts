/**
 * What test/kube/run.sh brought up, for the *.kube.test.ts files: the Kubernetes API (URL, CA,
 * admin token and kubeconfig), the in-cluster service-account directory made by
 * incluster-token.sh, the namespace of the glusterfs pods and the Kubernetes node names (one per
 * test-bed node, in the bed's order). Read from the environment run.sh exports, or from
 * $KS_ROOT/env when a test runs on a bed left up with KUBE_REUSE=1.
 */
import { existsSync, readFileSync } from 'node:fs';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { serviceAccountDir } from '../../../src/kube/connection.js';

export interface Kubebed {
  root: string;
  apiUrl: string;
  caFile: string;
  adminToken: string;
  adminKubeconfig: string;
  /** Prefix of /var/run/secrets/kubernetes.io/serviceaccount (heketi-ts: kubeexec.in_cluster_prefix). */
  inClusterPrefix: string;
  /** The service account directory itself: token, ca.crt, namespace. */
  serviceAccountDir: string;
  /** KUBERNETES_SERVICE_HOST / PORT for an in-cluster client. */
  serviceHost: string;
  servicePort: string;
  namespace: string;
  /** Kubernetes node names = the nodes' manage hostnames (kst-n1, ...), in the bed's order. */
  nodeNames: string[];
}

const readEnvFile = (file: string): Record<string, string> => {
  const values: Record<string, string> = {};
  for (const match of readFileSync(file, 'utf8').matchAll(/(\w+)=("([^"]*)"|(\S*))/g)) {
    values[match[1] ?? ''] = match[3] ?? match[4] ?? '';
  }
  return values;
};

export const loadKubebed = (): Kubebed => {
  const root = process.env['KS_ROOT'] ?? `/var/tmp/kubebed-${process.env['TB_NAME'] ?? 'kst'}`;
  const file = `${root}/env`;
  if (!existsSync(file)) throw new Error(`the kubebed is not up (${file} missing): run test/kube/run.sh`);
  const env = { ...readEnvFile(file), ...process.env } as Record<string, string>;
  const need = (name: string): string => {
    const value = env[name];
    if (!value) throw new Error(`${file}: ${name} is not set`);
    return value;
  };
  const inClusterPrefix = need('IN_CLUSTER_PREFIX');
  return {
    root,
    apiUrl: need('KS_API_URL'),
    caFile: need('KS_CA'),
    adminToken: readFileSync(need('KS_ADMIN_TOKEN_FILE'), 'utf8').trim(),
    adminKubeconfig: need('KS_ADMIN_KUBECONFIG'),
    inClusterPrefix,
    serviceAccountDir: serviceAccountDir(inClusterPrefix),
    serviceHost: need('KUBERNETES_SERVICE_HOST'),
    servicePort: need('KUBERNETES_SERVICE_PORT'),
    namespace: need('KS_NS'),
    nodeNames: need('KS_NODE_NAMES').split(/\s+/).filter(Boolean),
  };
};

/** A CoreV1Api client with the admin token, for tests that change the cluster (delete a pod, ...). */
export const adminCoreApi = (bed: Kubebed): CoreV1Api => {
  const config = new KubeConfig();
  config.loadFromFile(bed.adminKubeconfig);
  return config.makeApiClient(CoreV1Api);
};
