/**
 * One data key of one Kubernetes Secret, read and written through the API. Heketi's db backup
 * (pkg/kubernetes/backupdb.go) created the secret or replaced it whole. heketi-ts changes only its
 * key of an existing secret (labels, annotations and other keys stay; the read's resourceVersion
 * makes the write conditional) and creates the secret when there is none — so the RBAC a
 * deployment needs is get + update on that one secret, plus create if it does not make it itself.
 */
import type { KubeAccess } from './access.js';
import { kubeErrorText } from './api-errors.js';
import { KubeApiError, kubeRequester } from './rest.js';

/** The fields of a core/v1 Secret heketi-ts writes; the others of a read secret go back unchanged. */
interface Secret {
  apiVersion?: string;
  kind?: string;
  metadata?: Record<string, unknown>;
  type?: string;
  data?: Record<string, string>;
  [field: string]: unknown;
}

/** The bytes under one key of a secret; `read` gives undefined when the secret or key is absent. */
export interface SecretValue {
  read(): Promise<Buffer | undefined>;
  write(value: Buffer): Promise<void>;
  /** "secret <namespace>/<name> key <key>", for messages. */
  readonly describe: string;
}

const status = (e: unknown): number | undefined => (e instanceof KubeApiError ? e.code : undefined);

/**
 * Why an API call failed, with the server's message (e.g. an RBAC denial names the verb). The
 * message is read from the Status JSON: Kubernetes quotes names in it (`secrets "x" is forbidden`).
 */
const failure = (what: string, e: unknown): Error => new Error(`${what}: ${kubeErrorText(e)}`);

export function kubeSecretValue(access: KubeAccess, namespace: string, name: string, key: string): SecretValue {
  const request = kubeRequester(access);
  const secrets = `/api/v1/namespaces/${encodeURIComponent(namespace)}/secrets`;
  const readSecret = async (): Promise<Secret> => (await request('GET', `${secrets}/${encodeURIComponent(name)}`)) as Secret;
  const describe = `secret ${namespace}/${name} key ${key}`;
  const body = (value: Buffer): Secret => ({
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
        const secret = await readSecret();
        const data = secret.data?.[key];
        return data === undefined ? undefined : Buffer.from(data, 'base64');
      } catch (e) {
        if (status(e) === 404) return undefined;
        throw failure(`reading ${describe}`, e);
      }
    },
    async write(value) {
      let current: Secret;
      try {
        current = await readSecret();
      } catch (e) {
        if (status(e) !== 404) throw failure(`reading ${describe}`, e);
        try {
          await request('POST', secrets, body(value));
          return;
        } catch (e2) {
          throw failure(`creating ${describe}`, e2);
        }
      }
      current.data = { ...current.data, [key]: value.toString('base64') };
      try {
        await request('PUT', `${secrets}/${encodeURIComponent(name)}`, current);
      } catch (e) {
        throw failure(`updating ${describe}`, e);
      }
    },
  };
}
