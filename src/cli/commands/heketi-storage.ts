/**
 * heketi-cli `setup-openshift-heketi-storage` (aliases `setup-heketi-db-storage`,
 * `setup-kubernetes-heketi-storage`): creates the `heketidbstorage` volume for the server's own
 * database and writes the Kubernetes List that moves the database onto it
 * (client/cli/go/cmds/heketi_storage.go).
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { HeketiClient } from '../../client/heketi-client.js';
import type { VolumeCreateRequest, VolumeInfo } from '../../client/types.js';
import {
  HEKETI_DB_VOLUME_CUSTOM_LEVEL,
  HEKETI_DB_VOLUME_NAME,
  HEKETI_DB_VOLUME_OPTIONS,
  HEKETI_DB_VOLUME_SIZE_GIB,
} from '../../domain/db-volume.js';
import { CliError, intOption, makeClient, type CliIo } from '../context.js';
import { heketiStorageList, heketiStorageListText } from '../heketi-storage-list.js';

interface HeketiStorageOptions {
  listfile: string;
  image: string;
  durability: string;
  replica: number;
  glusterVolumeOptions: string;
  appendVolumeOptions: string;
  nodeSelector: string;
}

const DURABILITY_TYPES = ['replicate', 'none', 'disperse'];

/** Heketi's refusal when any cluster already has the database volume. */
async function refuseExisting(client: HeketiClient): Promise<void> {
  for (const clusterId of (await client.clusterList()).clusters) {
    for (const volumeId of (await client.clusterInfo(clusterId)).volumes) {
      if ((await client.volumeInfo(volumeId)).name === HEKETI_DB_VOLUME_NAME) {
        throw new CliError(`Volume ${HEKETI_DB_VOLUME_NAME} already exists`);
      }
    }
  }
}

/** The create request as heketi-cli builds it: 2 GiB, Heketi's options unless the user gives some. */
export function heketiStorageVolumeRequest(opts: HeketiStorageOptions): VolumeCreateRequest {
  const options = opts.glusterVolumeOptions
    ? [...opts.glusterVolumeOptions.split(','), HEKETI_DB_VOLUME_CUSTOM_LEVEL]
    : [...HEKETI_DB_VOLUME_OPTIONS];
  if (opts.appendVolumeOptions) options.push(...opts.appendVolumeOptions.split(','));
  if (opts.durability === 'disperse') {
    throw new CliError('Durability disperse is not supported for heketi database storage');
  }
  return {
    size: HEKETI_DB_VOLUME_SIZE_GIB,
    name: HEKETI_DB_VOLUME_NAME,
    durability: { type: opts.durability, ...(opts.durability === 'replicate' ? { replicate: { replica: opts.replica } } : {}) },
    glustervolumeoptions: options,
  };
}

async function setupStorage(opts: HeketiStorageOptions, cmd: Command, io: CliIo): Promise<void> {
  if (!DURABILITY_TYPES.includes(opts.durability)) throw new CliError(`${opts.durability} is not a valid durability type`);
  const client = makeClient(cmd, io);
  await refuseExisting(client);
  const request = heketiStorageVolumeRequest(opts);
  const volume: VolumeInfo = await client.volumeCreate(request);
  try {
    let database: Buffer;
    try {
      database = await client.backupDb();
    } catch (e) {
      throw new CliError(`ERROR: ${(e as Error).message}\nUnable to get database from Heketi server`);
    }
    const list = heketiStorageList(volume, database, { image: opts.image, nodeSelector: opts.nodeSelector });
    io.stdout(`Saving ${opts.listfile}\n`);
    writeFileSync(opts.listfile, heketiStorageListText(list));
  } catch (e) {
    // As heketi-cli: try to remove the volume again. The server refuses to delete the database
    // volume (409), as Heketi's did, so this normally leaves it for an administrator.
    io.stderr('Cleaning up\n');
    await client.volumeDelete(volume.id).catch(() => undefined);
    throw e;
  }
}

export function addHeketiStorageCommand(root: Command, io: CliIo): void {
  root
    .command('setup-openshift-heketi-storage')
    .aliases(['setup-heketi-db-storage', 'setup-kubernetes-heketi-storage'])
    .description('Setup OpenShift/Kubernetes persistent storage for Heketi: a dedicated volume and a List to copy the db onto it')
    .option('--listfile <file>', 'Filename to contain list of objects', 'heketi-storage.json')
    .option('--image <image>', 'container image to run this job', 'heketi/heketi:dev')
    .option('--durability <type>', 'Durability type: none or replicate', 'replicate')
    .option('--replica <n>', 'Replica value for durability type replicate', intOption, 3)
    .option('--gluster-volume-options <opts>', 'Comma separated list of volume options (replaces the defaults)', '')
    .option('--append-volume-options <opts>', 'Comma separated list of volume options added to the set', '')
    .option('--node-selector <key=value>', 'nodeSelector for heketi-storage-copy-job', '')
    .action((opts: HeketiStorageOptions, cmd: Command) => setupStorage(opts, cmd, io));
}
