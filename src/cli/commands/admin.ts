/** heketi-cli `brick evict`, `loglevel get|set`, `db dump|check` and `server operations|mode`. */
import type { Command } from 'commander';
import { CliError, makeClient, requireArg, warnHealCheckSkipped, type CliIo } from '../context.js';
import { addServerStateCommands } from './state.js';
import { formatOperationsInfo, formatPendingOperationDetails, formatPendingOperationList } from '../format/operations.js';

function addBrickCommands(root: Command, io: CliIo): void {
  root
    .command('brick')
    .description('Heketi brick management')
    .command('evict')
    .description('Evict a brick, replacing it with a new one')
    .argument('[brick_id]')
    .argument('[extra...]')
    .option('--expert-option-disable-heal-check', 'Skip the heal check (dangerous)')
    .action(async (id: string | undefined, extra: string[], opts: { expertOptionDisableHealCheck?: boolean }, cmd: Command) => {
      const brickId = requireArg(id, 'Brick id missing');
      if (extra.length > 0) throw new CliError('Too many arguments provided');
      const skipHeal = opts.expertOptionDisableHealCheck === true;
      if (skipHeal) await warnHealCheckSkipped(io);
      await makeClient(cmd, io).brickEvict(brickId, skipHeal ? 'disable' : '');
      io.stdout(`Brick ${brickId} evicted\n`);
    });
}

function addLogLevelCommands(root: Command, io: CliIo): void {
  const loglevel = root.command('loglevel').description('Heketi server log level management');
  loglevel
    .command('get')
    .description('Get the server log level')
    .action(async (_opts: unknown, cmd: Command) => {
      const info = await makeClient(cmd, io).logLevelGet();
      io.stdout(`${info.loglevel.glusterfs ?? ''}\n`);
    });
  loglevel
    .command('set')
    .description('Set the server log level')
    .argument('[level...]')
    .action(async (levels: string[], _opts: unknown, cmd: Command) => {
      if (levels.length < 1) throw new CliError('missing log-level argument');
      if (levels.length > 1) throw new CliError('too many arguments');
      await makeClient(cmd, io).logLevelSet(levels[0]!);
      io.stdout('Server log level updated\n');
    });
}

function addDbCommands(root: Command, io: CliIo): void {
  const db = root.command('db').description('Heketi database management');
  db.command('dump')
    .description('Dump the Heketi database as JSON')
    .action(async (_opts: unknown, cmd: Command) => io.stdout(await makeClient(cmd, io).dbDump()));
  db.command('check')
    .description('Check the consistency of the Heketi database')
    .action(async (_opts: unknown, cmd: Command) => io.stdout(await makeClient(cmd, io).dbCheck()));
}

function addOperationsCommands(server: Command, io: CliIo): void {
  const operations = server.command('operations').description('Manage the operations of the Heketi server');
  operations
    .command('info')
    .description('Summary of operation counts, or details of one pending operation')
    .argument('[operation_id]')
    .action(async (id: string | undefined, _opts: unknown, cmd: Command) => {
      // heketi-cli prints these as text even with --json; scripts parse that text.
      const client = makeClient(cmd, io);
      if (id === undefined) io.stdout(formatOperationsInfo(await client.operationsInfo()));
      else io.stdout(formatPendingOperationDetails(await client.pendingOperationDetails(id)));
    });
  operations
    .command('list')
    .description('List pending operations')
    .action(async (_opts: unknown, cmd: Command) => {
      const list = await makeClient(cmd, io).pendingOperationsList();
      io.stdout(formatPendingOperationList(list.pendingoperations));
    });
  operations
    .command('cleanup')
    .description('Clean up stale or failed pending operations')
    .argument('[operation_ids...]')
    .action(async (ids: string[], _opts: unknown, cmd: Command) => {
      await makeClient(cmd, io).pendingOperationsCleanup(ids);
      io.stderr(
        "Note: Operation clean up is a batch operation.\n* The results of individual operation clean ups are not reported here.\n* Use 'heketi-cli server operations [list|info]' to view operations.\n",
      );
    });
}

function addModeCommands(server: Command, io: CliIo): void {
  const mode = server.command('mode').description('Manage the administrative mode of the server');
  mode
    .command('get')
    .description('Print the server mode')
    .action(async (_opts: unknown, cmd: Command) => io.stdout(`${(await makeClient(cmd, io).adminStatusGet()).state}\n`));
  mode
    .command('set')
    .description('Set the server mode: normal, local-client or read-only')
    .argument('[mode...]')
    .action(async (modes: string[], _opts: unknown, cmd: Command) => {
      if (modes.length < 1) throw new CliError('missing mode argument');
      if (modes.length > 1) throw new CliError('too many arguments');
      await makeClient(cmd, io).adminStatusSet(modes[0]!);
    });
}

export function addAdminCommands(root: Command, io: CliIo): void {
  addBrickCommands(root, io);
  addLogLevelCommands(root, io);
  addDbCommands(root, io);
  const server = root.command('server').description('Heketi server management');
  addOperationsCommands(server, io);
  addModeCommands(server, io);
  addServerStateCommands(server, io);
}
