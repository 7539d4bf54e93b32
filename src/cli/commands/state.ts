/** heketi-cli's `server state examine gluster`, and heketi-ts's `state drift` and `state repair`. */
import type { Command } from 'commander';
import { planRepairs, type RepairFlags } from '../../services/drift/plan.js';
import { CliError, makeClient, printResult, type CliIo } from '../context.js';
import { formatDriftReport, formatRepairPlan } from '../format/drift.js';

const collect = (value: string, previous: string[]): string[] => [...previous, value];

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

interface RepairOptions {
  plan?: boolean;
  apply?: boolean;
  deleteMissingVolume: string[];
  deleteForeignVolume: string[];
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
  state
    .command('repair')
    .description('Print (--plan) or run (--apply) the repairs the drift report implies')
    .option('--plan', 'print the repairs and what each will do')
    .option('--apply', 'run the repairs as crash-safe operations, then report the drift left')
    .option('--delete-missing-volume <name>', 'a volume gluster lost whose bricks may be deleted (repeatable)', collect, [])
    .option('--delete-foreign-volume <name>', 'a gluster volume not made by heketi-ts that may be deleted (repeatable)', collect, [])
    .action(async (opts: RepairOptions, cmd: Command) => {
      if (opts.plan === opts.apply) throw new CliError('give exactly one of --plan and --apply');
      const flags: RepairFlags = { deleteMissing: opts.deleteMissingVolume, deleteForeign: opts.deleteForeignVolume };
      const client = makeClient(cmd, io);
      if (opts.plan) {
        const plan = planRepairs(await client.driftReport(), flags);
        printResult(cmd, io, plan, () => formatRepairPlan(plan));
        return;
      }
      const result = await client.stateRepair(flags);
      printResult(cmd, io, result, () => `${formatRepairPlan(result.plan)}${result.errors.map((e) => `failed: ${e}\n`).join('')}After the repair:\n${formatDriftReport(result.report)}`);
      if (result.errors.length > 0) throw new CliError(`${result.errors.length} repair(s) failed`);
    });
}
