/** heketi-cli's `server state examine gluster`, and heketi-ts's `state drift`. */
import type { Command } from 'commander';
import { makeClient, printResult, type CliIo } from '../context.js';
import { formatDriftReport } from '../format/drift.js';

export function addServerStateCommands(server: Command, io: CliIo): void {
  server
    .command('state')
    .description('View and/or modify state of server')
    .command('examine')
    .description('Compare state of server')
    .command('gluster')
    .description('Compare state of server with gluster')
    .action(async (_opts: unknown, cmd: Command) => io.stdout(await makeClient(cmd, io).stateExamineGluster()));
}

export function addStateCommands(root: Command, io: CliIo): void {
  const state = root.command('state').description('Drift between the database and the nodes (heketi-ts)');
  state
    .command('drift')
    .description('Examine every node and report each difference from the database, with its evidence')
    .action(async (_opts: unknown, cmd: Command) => {
      const report = await makeClient(cmd, io).driftReport();
      printResult(cmd, io, report, () => formatDriftReport(report));
    });
}
