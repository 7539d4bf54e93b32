/** heketi-cli `device add|delete|remove|info|enable|disable|resync|settags|rmtags`. */
import type { Command } from 'commander';
import type { HeketiClient } from '../../client/heketi-client.js';
import { makeClient, printResult, requireArg, warnHealCheckSkipped, type CliIo } from '../context.js';
import { formatDeviceInfo } from '../format/entities.js';
import { fetchTopology } from '../format/topology.js';
import { addTagCommands } from './tags.js';

function addStateCommand(device: Command, io: CliIo, name: string, state: 'online' | 'offline'): void {
  device
    .command(name)
    .description(`Allows device to go ${state}`)
    .argument('[device_id]')
    .action(async (id: string | undefined, _opts: unknown, cmd: Command) => {
      const deviceId = requireArg(id, 'device id missing');
      await makeClient(cmd, io).deviceState(deviceId, { state });
      io.stdout(`Device ${deviceId} is now ${state}\n`);
    });
}

/** `device resync --cluster`: resync every device of the cluster, reporting each. */
async function resyncCluster(client: HeketiClient, clusterId: string, io: CliIo): Promise<void> {
  const topology = await fetchTopology(client);
  for (const cluster of topology.clusters.filter((c) => c.id === clusterId)) {
    for (const node of cluster.nodes) {
      for (const device of node.devices) {
        io.stdout(`Now resyncing device ${device.id}..\n`);
        await client.deviceResync(device.id);
        io.stdout(`Device ${device.id} (node ${node.id}) in cluster ${cluster.id} updated\n`);
      }
    }
  }
}

function addLifecycleCommands(device: Command, io: CliIo): void {
  device
    .command('add')
    .description('Add new device to node to be managed by Heketi')
    .option('--name <device>', 'Name of device to add')
    .option('--node <id>', 'Id of the node which has this device')
    .option('--destroy-existing-data', 'Destroy any data on the device before adding it')
    .action(async (opts: { name?: string; node?: string; destroyExistingData?: boolean }, cmd: Command) => {
      const name = requireArg(opts.name, 'Missing device name');
      const node = requireArg(opts.node, 'Missing node id');
      await makeClient(cmd, io).deviceAdd({ name, node, destroydata: opts.destroyExistingData === true });
      io.stdout('Device added successfully\n');
    });

  device
    .command('delete')
    .description('Deletes a device from Heketi node')
    .argument('[device_id]')
    .option('--force-forget', 'Forget the device in Heketi even if it cannot be cleaned up')
    .action(async (id: string | undefined, opts: { forceForget?: boolean }, cmd: Command) => {
      const deviceId = requireArg(id, 'Device id missing');
      await makeClient(cmd, io).deviceDelete(deviceId, opts.forceForget === true);
      io.stdout(`Device ${deviceId} deleted\n`);
    });

  device
    .command('remove')
    .description('Removes a device from Heketi node')
    .argument('[device_id]')
    .option('--expert-option-disable-heal-check', 'Skip the heal check (dangerous)')
    .action(async (id: string | undefined, opts: { expertOptionDisableHealCheck?: boolean }, cmd: Command) => {
      const deviceId = requireArg(id, 'Device id missing');
      const skipHeal = opts.expertOptionDisableHealCheck === true;
      if (skipHeal) await warnHealCheckSkipped(io);
      await makeClient(cmd, io).deviceState(deviceId, skipHeal ? { state: 'failed', healcheck: 'disable' } : { state: 'failed' });
      io.stdout(`Device ${deviceId} is now removed\n`);
    });
}

export function addDeviceCommands(root: Command, io: CliIo): void {
  const device = root.command('device').description('Heketi device management');
  addLifecycleCommands(device, io);

  device
    .command('info')
    .description('Retrieves information about the device')
    .argument('[device_id]')
    .action(async (id: string | undefined, _opts: unknown, cmd: Command) => {
      const info = await makeClient(cmd, io).deviceInfo(requireArg(id, 'Device id missing'));
      printResult(cmd, io, info, () => formatDeviceInfo(info));
    });

  addStateCommand(device, io, 'enable', 'online');
  addStateCommand(device, io, 'disable', 'offline');

  device
    .command('resync')
    .description('Resync storage information about the device with operation system')
    .argument('[object_id]')
    .option('--cluster', 'Treat the id as a cluster id and resync all its devices')
    .action(async (id: string | undefined, opts: { cluster?: boolean }, cmd: Command) => {
      const objectId = requireArg(id, 'object/cluster id missing');
      const client = makeClient(cmd, io);
      if (!opts.cluster) {
        await client.deviceResync(objectId);
        io.stdout(`Device ${objectId} updated\n`);
        return;
      }
      io.stdout('Cluster-wide resync operation requested. Using object_id as cluster_id.\n');
      await resyncCluster(client, objectId, io);
    });

  addTagCommands(device, 'device', (cmd, id, request) => makeClient(cmd, io).deviceSetTags(id, request));
}
