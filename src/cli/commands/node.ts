/** heketi-cli `node add|delete|enable|disable|remove|list|info|settags|rmtags`. */
import type { Command } from 'commander';
import type { StateRequest } from '../../client/types.js';
import { CliError, intOption, makeClient, printResult, requireArg, type CliIo } from '../context.js';
import { formatNodeInfo, formatNodeSummary } from '../format/entities.js';
import { addTagCommands } from './tags.js';

interface NodeAddOptions {
  zone: number;
  cluster?: string;
  managementHostName?: string;
  storageHostName?: string;
}

function addStateCommand(node: Command, io: CliIo, name: string, state: StateRequest['state'], word: string): void {
  node
    .command(name)
    .description(`Allows node to go ${word}`)
    .argument('[node_id]')
    .action(async (id: string | undefined, _opts: unknown, cmd: Command) => {
      const nodeId = requireArg(id, 'Node id missing');
      await makeClient(cmd, io).nodeState(nodeId, { state });
      io.stdout(`Node ${nodeId} is now ${word}\n`);
    });
}

export function addNodeCommands(root: Command, io: CliIo): void {
  const node = root.command('node').description('Heketi Node Management');

  node
    .command('add')
    .description('Add new node to be managed by Heketi')
    .option('--zone <n>', 'The zone in which the node should reside', intOption, 0)
    .option('--cluster <id>', 'The cluster in which the node should reside')
    .option('--management-host-name <host>', 'Management host name')
    .option('--storage-host-name <host>', 'Storage host name')
    .action(async (opts: NodeAddOptions, cmd: Command) => {
      if (opts.zone === 0) throw new CliError('Missing zone');
      const manage = requireArg(opts.managementHostName, 'Missing management hostname');
      const storage = requireArg(opts.storageHostName, 'Missing storage hostname');
      const cluster = requireArg(opts.cluster, 'Missing cluster id');
      const request = { zone: opts.zone, hostnames: { manage: [manage], storage: [storage] }, cluster };
      const info = await makeClient(cmd, io).nodeAdd(request);
      printResult(cmd, io, info, () => `Node information:\n${formatNodeSummary(info)}`);
    });

  node
    .command('delete')
    .description('Deletes a node from Heketi management')
    .argument('[node_id]')
    .action(async (id: string | undefined, _opts: unknown, cmd: Command) => {
      const nodeId = requireArg(id, 'Node id missing');
      await makeClient(cmd, io).nodeDelete(nodeId);
      io.stdout(`Node ${nodeId} deleted\n`);
    });

  addStateCommand(node, io, 'enable', 'online', 'online');
  addStateCommand(node, io, 'disable', 'offline', 'offline');
  addStateCommand(node, io, 'remove', 'failed', 'removed');

  node
    .command('list')
    .description('List all nodes in cluster')
    .action(async (_opts: unknown, cmd: Command) => {
      const client = makeClient(cmd, io);
      let text = '';
      for (const clusterId of (await client.clusterList()).clusters) {
        const info = await client.clusterInfo(clusterId);
        for (const nodeId of info.nodes) text += `Id:${nodeId}\tCluster:${clusterId}\n`;
      }
      io.stdout(text);
    });

  node
    .command('info')
    .description('Retrieves information about the node')
    .argument('[node_id]')
    .action(async (id: string | undefined, _opts: unknown, cmd: Command) => {
      const info = await makeClient(cmd, io).nodeInfo(requireArg(id, 'Node id missing'));
      printResult(cmd, io, info, () => formatNodeInfo(info));
    });

  addTagCommands(node, 'node', (cmd, id, request) => makeClient(cmd, io).nodeSetTags(id, request));
}
