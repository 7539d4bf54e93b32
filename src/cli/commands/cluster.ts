/** heketi-cli `cluster create|setflags|delete|info|list`. */
import type { Command } from 'commander';
import { CliError, goBoolOption, makeClient, printJsonOnly, printResult, requireArg, type CliIo } from '../context.js';
import { formatClusterInfo, formatClusterListLine } from '../format/entities.js';

export function addClusterCommands(root: Command, io: CliIo): void {
  const cluster = root.command('cluster').description('Heketi cluster management');

  cluster
    .command('create')
    .description('Create a cluster')
    .option('--block [bool]', 'Allow block volumes on the cluster', goBoolOption, true)
    .option('--file [bool]', 'Allow file volumes on the cluster', goBoolOption, true)
    .action(async (opts: { block: boolean; file: boolean }, cmd: Command) => {
      const info = await makeClient(cmd, io).clusterCreate({ file: opts.file, block: opts.block });
      printResult(cmd, io, info, () => `Cluster id: ${info.id}\n`);
    });

  cluster
    .command('setflags')
    .description('Set flags on a cluster')
    .argument('[cluster_id]')
    .option('--block <bool>', 'Allow (true) or forbid (false) block volumes')
    .option('--file <bool>', 'Allow (true) or forbid (false) file volumes')
    .action(async (id: string | undefined, opts: { block?: string; file?: string }, cmd: Command) => {
      const clusterId = requireArg(id, 'Cluster id missing');
      if (opts.block === undefined && opts.file === undefined) {
        throw new CliError('At least one of --file or --block must be specified.');
      }
      const client = makeClient(cmd, io);
      const info = await client.clusterInfo(clusterId);
      const file = opts.file === undefined ? info.file : goBoolOption(opts.file);
      const block = opts.block === undefined ? info.block : goBoolOption(opts.block);
      await client.clusterSetFlags(clusterId, { block, file });
    });

  cluster
    .command('delete')
    .description('Delete the cluster')
    .argument('[cluster_id]')
    .action(async (id: string | undefined, _opts: unknown, cmd: Command) => {
      const clusterId = requireArg(id, 'Cluster id missing');
      await makeClient(cmd, io).clusterDelete(clusterId);
      io.stdout(`Cluster ${clusterId} deleted\n`);
    });

  cluster
    .command('info')
    .description('Retrieves information about cluster')
    .argument('[cluster_id]')
    .action(async (id: string | undefined, _opts: unknown, cmd: Command) => {
      const info = await makeClient(cmd, io).clusterInfo(requireArg(id, 'Cluster id missing'));
      printResult(cmd, io, info, () => formatClusterInfo(info));
    });

  cluster
    .command('list')
    .description('Lists the clusters managed by Heketi')
    .action(async (_opts: unknown, cmd: Command) => {
      const client = makeClient(cmd, io);
      const list = await client.clusterList();
      if (printJsonOnly(cmd, io, list)) return;
      let text = 'Clusters:\n';
      for (const id of list.clusters) text += formatClusterListLine(await client.clusterInfo(id));
      io.stdout(text);
    });
}

