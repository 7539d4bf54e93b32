/**
 * deploy/kubernetes and heketi-cli's List, applied to the kubebed's apiserver with server-side
 * apply (what `kubectl apply --server-side` sends), as the admin.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KubeConfig, KubernetesObjectApi, PatchStrategy, loadAllYaml, type KubernetesObject } from '@kubernetes/client-node';
import type { Kubebed } from './kubebed.js';

export const DEPLOY_DIR = join(import.meta.dirname, '..', '..', '..', 'deploy', 'kubernetes');
export const MANIFEST_FILES = ['00-rbac.yaml', '10-heketi-config.yaml', '20-heketi.yaml', '30-storageclass-example.yaml'];

/** Kinds that live outside namespaces (the rest get the bed's namespace, as `kubectl -n` gives them). */
const CLUSTER_SCOPED = new Set(['StorageClass', 'Namespace', 'ClusterRole', 'ClusterRoleBinding']);

const inNamespace = (object: KubernetesObject, namespace: string): KubernetesObject =>
  CLUSTER_SCOPED.has(object.kind ?? '') ? object : { ...object, metadata: { ...object.metadata, namespace } };

/** The objects of manifest files, NAMESPACE replaced by the bed's namespace (as the README says to). */
export const readManifests = (files: string[], namespace: string): KubernetesObject[] =>
  files.flatMap((file) =>
    (loadAllYaml(readFileSync(join(DEPLOY_DIR, file), 'utf8').replaceAll('NAMESPACE', namespace)) as KubernetesObject[])
      .filter(Boolean)
      .map((object) => inNamespace(object, namespace)),
  );

/** The items of a Kubernetes List file (setup-openshift-heketi-storage's output). */
export const readList = (file: string, namespace: string): KubernetesObject[] =>
  (JSON.parse(readFileSync(file, 'utf8')) as { items: KubernetesObject[] }).items.map((object) => inNamespace(object, namespace));

export const adminObjectApi = (bed: Kubebed): KubernetesObjectApi => {
  const config = new KubeConfig();
  config.loadFromFile(bed.adminKubeconfig);
  return KubernetesObjectApi.makeApiClient(config);
};

/** Server-side applies each object; resolves with what the apiserver stored, or rejects naming the object. */
export const serverSideApply = async (bed: Kubebed, objects: KubernetesObject[]): Promise<KubernetesObject[]> => {
  const api = adminObjectApi(bed);
  const applied: KubernetesObject[] = [];
  for (const object of objects) {
    try {
      applied.push(await api.patch(object, undefined, undefined, 'heketi-ts-tests', true, PatchStrategy.ServerSideApply));
    } catch (e) {
      const body = (e as { body?: unknown }).body;
      throw new Error(`${object.kind} ${object.metadata?.name}: ${typeof body === 'string' ? body : JSON.stringify(body ?? (e as Error).message)}`);
    }
  }
  return applied;
};

/**
 * Puts the bed's own Role `heketi` back (pods get/list, as incluster-token.sh made it): 00-rbac.yaml
 * has a Role of the same name with pods/exec in it, and later suites (RBAC without pods/exec) rely
 * on the bed's split between `heketi` and `heketi-exec`.
 */
export const restoreBedRole = async (bed: Kubebed): Promise<void> => {
  await serverSideApply(bed, [
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'heketi', namespace: bed.namespace },
      rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }],
    } as KubernetesObject,
  ]);
};
