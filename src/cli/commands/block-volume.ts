/** heketi-cli `blockvolume create|delete|info|list|expand`. */
import type { Command } from 'commander';
import type { BlockVolumeCreateRequest } from '../../client/types.js';
import { CliError, intOption, makeClient, printJsonOnly, printResult, requireArg, type CliIo } from '../context.js';
import { formatBlockVolumeInfo, formatBlockVolumeListLine } from '../format/volumes.js';

interface CreateOptions {
  size: number;
  ha: number;
  auth?: boolean;
  name: string;
  clusters: string;
}

function addCreateCommand(blockvolume: Command, io: CliIo): void {
  blockvolume
    .command('create')
    .description('Create a GlusterFS block volume')
    .option('--size <gib>', 'Size of the block volume in GiB', intOption, 0)
    .option('--ha <n>', 'HA count (default: every host of the block hosting volume)', intOption, 0)
    .option('--auth', 'Enable authentication on the block volume')
    .option('--name <name>', 'Name of the block volume', '')
    .option('--clusters <ids>', 'Comma-separated cluster ids', '')
    .action(async (opts: CreateOptions, cmd: Command) => {
      if (opts.size === 0) throw new CliError('Missing volume size');
      if (opts.ha < 0) throw new CliError('Invalid HA count');
      const request: BlockVolumeCreateRequest = { size: opts.size, hacount: opts.ha, auth: opts.auth === true };
      if (opts.clusters) request.clusters = opts.clusters.split(',');
      if (opts.name) request.name = opts.name;
      const info = await makeClient(cmd, io).blockVolumeCreate(request);
      printResult(cmd, io, info, () => formatBlockVolumeInfo(info));
    });
}

export function addBlockVolumeCommands(root: Command, io: CliIo): void {
  const blockvolume = root.command('blockvolume').description('Heketi Block Volume Management');
  addCreateCommand(blockvolume, io);

  blockvolume
    .command('delete')
    .description('Deletes the block volume')
    .argument('[blockvolume_id]')
    .action(async (id: string | undefined, _opts: unknown, cmd: Command) => {
      const volumeId = requireArg(id, 'Volume id missing');
      await makeClient(cmd, io).blockVolumeDelete(volumeId);
      io.stdout(`Volume ${volumeId} deleted\n`);
    });

  blockvolume
    .command('info')
    .description('Retrieves information about the block volume')
    .argument('[blockvolume_id]')
    .action(async (id: string | undefined, _opts: unknown, cmd: Command) => {
      const info = await makeClient(cmd, io).blockVolumeInfo(requireArg(id, 'Volume id missing'));
      printResult(cmd, io, info, () => formatBlockVolumeInfo(info));
    });

  blockvolume
    .command('list')
    .description('Lists the block volumes managed by Heketi')
    .action(async (_opts: unknown, cmd: Command) => {
      const client = makeClient(cmd, io);
      const list = await client.blockVolumeList();
      if (printJsonOnly(cmd, io, list)) return;
      let text = '';
      for (const id of list.blockvolumes) text += formatBlockVolumeListLine(await client.blockVolumeInfo(id));
      io.stdout(text);
    });

  blockvolume
    .command('expand')
    .description('Expand an existing block volume')
    .argument('[blockvolume_id]')
    .option('--new-size <gib>', 'The new (absolute) size in GiB', intOption, 0)
    .option('--blockvolume <id>', 'Id of the block volume to expand')
    .action(async (id: string | undefined, opts: { newSize: number; blockvolume?: string }, cmd: Command) => {
      const volumeId = opts.blockvolume || requireArg(id, 'Missing block volume id');
      if (opts.newSize === 0) throw new CliError('Missing block volume net new size');
      const info = await makeClient(cmd, io).blockVolumeExpand(volumeId, opts.newSize);
      printResult(cmd, io, info, () => formatBlockVolumeInfo(info));
    });
}
