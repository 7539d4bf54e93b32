/**
 * The Kubernetes List that heketi-cli's setup-openshift-heketi-storage writes
 * (client/cli/go/cmds/heketi_storage.go): a secret with the server's database, endpoints and a
 * service naming the storage nodes, and a job that copies the database onto the new volume. The
 * objects have the fields, order and empty values Go's encoder gave them (a null creation time,
 * an empty status), so the file reads as the one heketi-cli wrote.
 */
import { goJson } from '../api/http/go-json.js';
import type { VolumeInfo } from '../client/types.js';

export const HEKETI_STORAGE_JOB_NAME = 'heketi-storage-copy-job';
export const HEKETI_STORAGE_ENDPOINTS_NAME = 'heketi-storage-endpoints';
export const HEKETI_STORAGE_SECRET_NAME = 'heketi-storage-secret';
const VOLUME_TAG_NAME = 'heketi-storage';

export interface HeketiStorageListOptions {
  /** --image: the copy job's container image. */
  image: string;
  /** --node-selector KEY=VALUE; anything else is ignored, as heketi-cli did. */
  nodeSelector: string;
}

type Json = Record<string, unknown>;

/** ObjectMeta as Go encodes it: a zero creation time is written as null. */
const metadata = (name: string, labels?: Record<string, string>): Json => ({
  name,
  creationTimestamp: null,
  ...(labels ? { labels } : {}),
});

const SUPPORT_LABELS = { 'deploy-heketi': 'support' };

function secret(database: Buffer): Json {
  return {
    kind: 'Secret',
    apiVersion: 'v1',
    metadata: metadata(HEKETI_STORAGE_SECRET_NAME, SUPPORT_LABELS),
    data: { 'heketi.db': database.toString('base64') },
  };
}

function endpoints(volume: VolumeInfo): Json {
  return {
    kind: 'Endpoints',
    apiVersion: 'v1',
    metadata: metadata(HEKETI_STORAGE_ENDPOINTS_NAME),
    subsets: volume.mount.glusterfs.hosts.map((ip) => ({ addresses: [{ ip }], ports: [{ port: 1 }] })),
  };
}

function service(): Json {
  return {
    kind: 'Service',
    apiVersion: 'v1',
    metadata: metadata(HEKETI_STORAGE_ENDPOINTS_NAME),
    spec: { ports: [{ port: 1, targetPort: 0 }] },
    status: { loadBalancer: {} },
  };
}

/** `a=b` gives { a: b }; any other text (none, or several `=`) gives no selector. */
function nodeSelector(text: string): Record<string, string> | undefined {
  const parts = text.split('=');
  return text !== '' && parts.length === 2 ? { [parts[0] ?? '']: parts[1] ?? '' } : undefined;
}

function copyJob(volume: VolumeInfo, options: HeketiStorageListOptions): Json {
  const selector = nodeSelector(options.nodeSelector);
  return {
    kind: 'Job',
    apiVersion: 'batch/v1',
    metadata: metadata(HEKETI_STORAGE_JOB_NAME, SUPPORT_LABELS),
    spec: {
      parallelism: 1,
      completions: 1,
      template: {
        metadata: metadata(HEKETI_STORAGE_JOB_NAME),
        spec: {
          volumes: [
            { name: VOLUME_TAG_NAME, glusterfs: { endpoints: HEKETI_STORAGE_ENDPOINTS_NAME, path: volume.name } },
            { name: HEKETI_STORAGE_SECRET_NAME, secret: { secretName: HEKETI_STORAGE_SECRET_NAME } },
          ],
          containers: [
            {
              name: 'heketi',
              image: options.image,
              command: ['cp', '/db/heketi.db', '/heketi'],
              resources: {},
              volumeMounts: [
                { name: VOLUME_TAG_NAME, mountPath: '/heketi' },
                { name: HEKETI_STORAGE_SECRET_NAME, mountPath: '/db' },
              ],
            },
          ],
          restartPolicy: 'Never',
          ...(selector ? { nodeSelector: selector } : {}),
        },
      },
    },
    status: {},
  };
}

/** The List object: secret, endpoints, service, job, in heketi-cli's order. */
export function heketiStorageList(volume: VolumeInfo, database: Buffer, options: HeketiStorageListOptions): Json {
  return {
    apiVersion: 'v1',
    kind: 'List',
    items: [secret(database), endpoints(volume), service(), copyJob(volume, options)],
  };
}

/** The file text as Go's json.MarshalIndent(list, "", "  ") writes it (no trailing newline). */
export const heketiStorageListText = (list: Json): string => goJson(list, 2).slice(0, -1);
