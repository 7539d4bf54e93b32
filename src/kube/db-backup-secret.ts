/**
 * Where the database backup goes: the secret named by HEKETI_KUBE_DB_SECRET_NAME (heketi-db-backup)
 * in heketi-ts's own namespace, reached with the same connection as the kubernetes executor (the
 * pod's service account, or a kubeconfig).
 */
import type { AppConfig } from '../config/types.js';
import { kubeConnection } from './connection.js';
import { DB_SECRET_KEY } from './db-backup.js';
import { kubeSecretValue, type SecretValue } from './secret-store.js';

/** The backup secret for this configuration; throws when there is no Kubernetes API to reach. */
export async function dbBackupSecret(config: AppConfig): Promise<SecretValue> {
  const kube = config.glusterfs.kubeexec;
  const connection = await kubeConnection(kube.connection);
  // Heketi used the pod's namespace; outside a pod, the kubeconfig context's or the configured one.
  const namespace = connection.defaultNamespace || kube.namespace;
  if (!namespace) {
    throw new Error('no namespace for the db backup secret: set glusterfs.kubeexec.namespace or the kubeconfig context namespace');
  }
  return kubeSecretValue(connection.access, namespace, config.kubeDbSecretName, DB_SECRET_KEY);
}
