/**
 * One data key of one Kubernetes Secret, read and written through the API. Heketi's db backup
 * (pkg/kubernetes/backupdb.go) created the secret or replaced it whole. heketi-ts changes only its
 * key of an existing secret (labels, annotations and other keys stay; the read's resourceVersion
 * makes the write conditional) and creates the secret when there is none — so the RBAC a
 * deployment needs is get + update on that one secret, plus create if it does not make it itself.
 */
import { ApiException, CoreV1Api, type KubeConfig, type V1Secret } from '@kubernetes/client-node';

/** The bytes under one key of a secret; `read` gives undefined when the secret or key is absent. */
export interface SecretValue {
  read(): Promise<Buffer | undefined>;
  write(value: Buffer): Promise<void>;
  /** "secret <namespace>/<name> key <key>", for messages. */
  readonly describe: string;
}

const status = (e: unknown): number | undefined => (e instanceof ApiException ? e.code : undefined);

/** Why an API call failed, with the server's message (e.g. an RBAC denial names the verb). */
const failure = (what: string, e: unknown): Error => {
  if (e instanceof ApiException) {
    const body = typeof e.body === 'string' ? e.body : JSON.stringify(e.body);
    const message = /"message":"([^"]*)"/.exec(body)?.[1] ?? body;
    return new Error(`${what}: HTTP ${e.code}: ${message}`);
  }
  return new Error(`${what}: ${(e as Error).message}`);
};

export function kubeSecretValue(kubeConfig: KubeConfig, namespace: string, name: string, key: string): SecretValue {
  const api = kubeConfig.makeApiClient(CoreV1Api);
  const describe = `secret ${namespace}/${name} key ${key}`;
  const body = (value: Buffer): V1Secret => ({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name, namespace },
    type: 'Opaque',
    data: { [key]: value.toString('base64') },
  });
  return {
    describe,
    async read() {
      try {
        const secret = await api.readNamespacedSecret({ name, namespace });
        const data = secret.data?.[key];
        return data === undefined ? undefined : Buffer.from(data, 'base64');
      } catch (e) {
        if (status(e) === 404) return undefined;
        throw failure(`reading ${describe}`, e);
      }
    },
    async write(value) {
      let current: V1Secret;
      try {
        current = await api.readNamespacedSecret({ name, namespace });
      } catch (e) {
        if (status(e) !== 404) throw failure(`reading ${describe}`, e);
        try {
          await api.createNamespacedSecret({ namespace, body: body(value) });
          return;
        } catch (e2) {
          throw failure(`creating ${describe}`, e2);
        }
      }
      current.data = { ...current.data, [key]: value.toString('base64') };
      try {
        await api.replaceNamespacedSecret({ name, namespace, body: current });
      } catch (e) {
        throw failure(`updating ${describe}`, e);
      }
    },
  };
}
