/**
 * The connection to the Kubernetes API, shared by the kubernetes executor and anything else that
 * talks to the cluster: in-cluster (the pod's service account, as Heketi's rest.InClusterConfig
 * in pkg/remoteexec/kube/conn.go) or, where heketi-ts runs outside the cluster, a kubeconfig file.
 * This module reads the files; the settings come from src/config.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { KubeConnectionConfig } from '../config/types.js';
import { InClusterAccess, type KubeAccess } from './access.js';

/** Where Kubernetes mounts a pod's service account: token, ca.crt, namespace. */
export const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

/** The service account directory under a prefix ('' in a pod; a test directory otherwise). */
export const serviceAccountDir = (inClusterPrefix: string): string => `${inClusterPrefix}${SERVICE_ACCOUNT_DIR}`;

/** The connection could not be configured; the message is Heketi's where it had one. */
export class KubeConnectionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KubeConnectionError';
  }
}

export interface KubeConnection {
  access: KubeAccess;
  /** 'in-cluster' or 'kubeconfig <file>', for logs. */
  source: string;
  /** The namespace the credentials name: the kubeconfig context's, or the service account's. */
  defaultNamespace: string | undefined;
}

const NOT_IN_CLUSTER =
  'unable to load in-cluster configuration, KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must be defined';

/**
 * The in-cluster connection (what the client's loadFromCluster builds, from the resolved settings
 * rather than process.env). The token is read again at least every minute, so a rotated (bound,
 * expiring) service-account token is picked up.
 */
const inCluster = (config: KubeConnectionConfig): KubeConnection => {
  if (!config.serviceHost || !config.servicePort) {
    throw new KubeConnectionError(`Unable to create configuration for Kubernetes: ${NOT_IN_CLUSTER}`);
  }
  const dir = serviceAccountDir(config.inClusterPrefix);
  for (const file of ['token', 'ca.crt']) {
    if (!existsSync(`${dir}/${file}`)) {
      throw new KubeConnectionError(`Unable to create configuration for Kubernetes: open ${dir}/${file}: no such file or directory`);
    }
  }
  const host = config.serviceHost.includes(':') ? `[${config.serviceHost}]` : config.serviceHost;
  const scheme = ['80', '8080', '8001'].includes(config.servicePort) ? 'http' : 'https';
  const access = new InClusterAccess(`${scheme}://${host}:${config.servicePort}`, `${dir}/ca.crt`, `${dir}/token`);
  return { access, source: 'in-cluster', defaultNamespace: readServiceAccountNamespace(config.inClusterPrefix) };
};

/**
 * A kubeconfig file, read by @kubernetes/client-node (contexts, client certificates, exec and
 * auth-provider plugins). Loaded only here: the client's config module brings all of the client
 * with it (access.ts), a cost only the out-of-cluster set-up pays.
 */
const fromKubeconfig = async (file: string): Promise<KubeConnection> => {
  const { KubeConfig } = await import('@kubernetes/client-node');
  const kubeConfig = new KubeConfig();
  try {
    kubeConfig.loadFromFile(file);
  } catch (e) {
    throw new KubeConnectionError(`Unable to create configuration for Kubernetes: kubeconfig ${file}: ${(e as Error).message}`);
  }
  if (!kubeConfig.getCurrentCluster()) {
    throw new KubeConnectionError(`Unable to create configuration for Kubernetes: kubeconfig ${file} has no current cluster`);
  }
  const namespace = kubeConfig.getContextObject(kubeConfig.getCurrentContext())?.namespace;
  const access: KubeAccess = kubeConfig;
  return { access, source: `kubeconfig ${file}`, defaultNamespace: namespace || undefined };
};

/** The connection the settings describe: the kubeconfig file when one is set, else in-cluster. */
export const kubeConnection = async (config: KubeConnectionConfig): Promise<KubeConnection> =>
  config.kubeconfig ? fromKubeconfig(config.kubeconfig) : inCluster(config);

/**
 * The service account's namespace (Heketi's pkg/kubernetes GetNamespace): the file's trimmed text,
 * "default" when it is empty, undefined when there is no file.
 */
export const readServiceAccountNamespace = (inClusterPrefix: string): string | undefined => {
  const file = `${serviceAccountDir(inClusterPrefix)}/namespace`;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  return text.trim() || 'default';
};

/**
 * The namespace the glusterfs pods are looked up in: the configured one (HEKETI_KUBE_NAMESPACE has
 * already replaced the file's value), else the one the credentials name, else the service
 * account's. Heketi's text when there is none.
 */
export const resolveNamespace = (configured: string, connection: KubeConnection, inClusterPrefix: string): string => {
  const namespace = configured || connection.defaultNamespace || readServiceAccountNamespace(inClusterPrefix);
  if (!namespace) {
    throw new KubeConnectionError(
      `Namespace must be provided in configuration: File ${serviceAccountDir(inClusterPrefix)}/namespace not found`,
    );
  }
  return namespace;
};
