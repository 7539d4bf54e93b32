/** heketi-cli `volume create|delete|expand|info|list|clone|set-block-hosting-restriction`. */
import type { Command } from 'commander';
import type { VolumeCreateRequest } from '../../client/types.js';
import { CliError, floatOption, intOption, makeClient, printJsonOnly, printResult, requireArg, type CliIo } from '../context.js';
import { formatVolumeInfo, formatVolumeListLine } from '../format/volumes.js';

interface VolumeCreateOptions {
  size: number;
  gid: number;
  name: string;
  durability: string;
  replica: number;
  disperseData: number;
  redundancy: number;
  snapshotFactor: number;
  clusters: string;
  glusterVolumeOptions: string;
  block?: boolean;
  persistentVolume?: boolean;
  persistentVolumeFile?: string;
}

/** The request exactly as heketi-cli builds it: replicate, disperse, name and snapshot always sent. */
export function buildVolumeCreateRequest(opts: VolumeCreateOptions): VolumeCreateRequest {
  const request: VolumeCreateRequest = { size: opts.size };
  if (opts.clusters) request.clusters = opts.clusters.split(',');
  request.name = opts.name;
  const replicate = opts.replica ? { replica: opts.replica } : {};
  const disperse = { ...(opts.disperseData ? { data: opts.disperseData } : {}), ...(opts.redundancy ? { redundancy: opts.redundancy } : {}) };
  request.durability = { ...(opts.durability ? { type: opts.durability } : {}), replicate, disperse };
  if (opts.gid) request.gid = opts.gid;
  if (opts.glusterVolumeOptions) request.glustervolumeoptions = opts.glusterVolumeOptions.split(',');
  if (opts.block) request.block = true;
  request.snapshot = opts.snapshotFactor > 1 ? { enable: true, factor: opts.snapshotFactor } : { enable: false, factor: 0 };
  return request;
}

function addCreateCommand(volume: Command, io: CliIo): void {
  volume
    .command('create')
    .description('Create a GlusterFS volume')
    .option('--size <gib>', 'Size of volume in GiB', intOption, 0)
    .option('--gid <gid>', 'Group id of the volume', intOption, 0)
    .option('--name <name>', 'Name of volume (default vol_<id>)', '')
    .option('--durability <type>', 'Durability type: none, replicate or disperse', 'replicate')
    .option('--replica <n>', 'Replica count for replicate durability', intOption, 3)
    .option('--disperse-data <n>', 'Data bricks for disperse durability', intOption, 4)
    .option('--redundancy <n>', 'Redundancy bricks for disperse durability', intOption, 2)
    .option('--snapshot-factor <f>', 'Snapshot space factor; above 1.0 enables snapshots', floatOption, 1.0)
    .option('--clusters <ids>', 'Comma-separated cluster ids', '')
    .option('--gluster-volume-options <opts>', 'Comma-separated "key value" volume options', '')
    .option('--block', 'Create a block hosting volume')
    .option('--persistent-volume', 'Print a Kubernetes persistent volume (not supported)')
    .option('--persistent-volume-file <file>', 'Write a Kubernetes persistent volume (not supported)')
    .option('--persistent-volume-endpoint <ep>', 'Endpoint of the persistent volume (not supported)')
    .action(async (opts: VolumeCreateOptions, cmd: Command) => {
      if (opts.size === 0) throw new CliError('Missing volume size');
      if (opts.persistentVolume || opts.persistentVolumeFile) {
        throw new CliError('--persistent-volume output is not supported by heketi-ts; use a StorageClass');
      }
      const info = await makeClient(cmd, io).volumeCreate(buildVolumeCreateRequest(opts));
      printResult(cmd, io, info, () => formatVolumeInfo(info));
    });
}

function addRestrictionCommands(volume: Command, io: CliIo): void {
  const restriction = volume.command('set-block-hosting-restriction').description('Set restriction on block hosting volume');
  for (const [name, value] of [['locked', 'locked'], ['unlocked', '']] as const) {
    restriction
      .command(name)
      .description(name === 'locked' ? 'Prevent new block volumes on the volume' : 'Allow new block volumes on the volume')
      .argument('[volume_id]')
      .action(async (id: string | undefined, _opts: unknown, cmd: Command) => {
        const info = await makeClient(cmd, io).volumeSetBlockRestriction(requireArg(id, 'Volume id missing'), value);
        printResult(cmd, io, info, () => formatVolumeInfo(info));
      });
  }
}

export function addVolumeCommands(root: Command, io: CliIo): void {
  const volume = root.command('volume').description('Heketi Volume Management');
  addCreateCommand(volume, io);

  volume
    .command('delete')
    .description('Deletes the volume')
    .argument('[volume_id]')
    .action(async (id: string | undefined, _opts: unknown, cmd: Command) => {
      const volumeId = requireArg(id, 'Volume id missing');
      await makeClient(cmd, io).volumeDelete(volumeId);
      io.stdout(`Volume ${volumeId} deleted\n`);
    });

  volume
    .command('expand')
    .description('Expand a volume')
    .argument('[volume_id]')
    .option('--expand-size <gib>', 'Amount in GiB to add to the volume', intOption, 0)
    .option('--volume <id>', 'Id of volume to expand')
    .action(async (id: string | undefined, opts: { expandSize: number; volume?: string }, cmd: Command) => {
      if (opts.expandSize === 0) throw new CliError('Missing volume amount to expand');
      const volumeId = opts.volume || requireArg(id, 'Missing volume id');
      const info = await makeClient(cmd, io).volumeExpand(volumeId, opts.expandSize);
      printResult(cmd, io, info, () => formatVolumeInfo(info));
    });

  addRestrictionCommands(volume, io);

  volume
    .command('info')
    .description('Retrieves information about the volume')
    .argument('[volume_id]')
    .action(async (id: string | undefined, _opts: unknown, cmd: Command) => {
      const info = await makeClient(cmd, io).volumeInfo(requireArg(id, 'Volume id missing'));
      printResult(cmd, io, info, () => formatVolumeInfo(info));
    });

  volume
    .command('list')
    .description('Lists the volumes managed by Heketi')
    .action(async (_opts: unknown, cmd: Command) => {
      const client = makeClient(cmd, io);
      const list = await client.volumeList();
      if (printJsonOnly(cmd, io, list)) return;
      let text = '';
      for (const id of list.volumes) text += formatVolumeListLine(await client.volumeInfo(id));
      io.stdout(text);
    });

  volume
    .command('clone')
    .description('Creates a clone')
    .argument('[volume_id]')
    .option('--name <name>', 'Name of the new volume', '')
    .action(async (id: string | undefined, opts: { name: string }, cmd: Command) => {
      const info = await makeClient(cmd, io).volumeClone(requireArg(id, 'Volume id missing'), opts.name || undefined);
      printResult(cmd, io, info, () => formatVolumeInfo(info));
    });
}
