/** heketi-cli `topology load|info`. */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { parseTopologyFile } from '../../domain/topology-file.js';
import { CliError, makeClient, printResult, type CliIo } from '../context.js';
import { fetchTopology, formatTopologyInfo } from '../format/topology.js';
import { loadTopology } from '../topology-load.js';

function readTopologyFile(file: string | undefined) {
  if (!file) throw new CliError('Missing configuration file');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new CliError('Unable to open config file');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new CliError('Unable to parse config file');
  }
  const parsed = parseTopologyFile(json);
  if (!parsed.ok) throw new CliError(`Invalid topology file, nothing was loaded:\n  ${parsed.errors.join('\n  ')}`);
  return parsed.topology;
}

export function addTopologyCommands(root: Command, io: CliIo): void {
  const topology = root.command('topology').description('Heketi Topology Management');

  topology
    .command('load')
    .description('Add devices to Heketi from a configuration file')
    .option('-j, --json <file>', 'Configuration containing devices, nodes, and clusters, in JSON format')
    .argument('[file]')
    .action(async (positional: string | undefined, opts: { json?: string }, cmd: Command) => {
      // `--json FILE` (with a space) is taken by the program-wide --json switch; the file then
      // arrives as a positional argument.
      const globalJson = cmd.optsWithGlobals<{ json?: unknown }>().json === true;
      const file = readTopologyFile(typeof opts.json === 'string' ? opts.json : globalJson ? positional : undefined);
      await loadTopology(makeClient(cmd, io), file, io.stdout);
    });

  topology
    .command('info')
    .description('Retrieves information about the current Topology')
    .option('-T, --template <template>', 'Custom Go template (not supported by heketi-ts)')
    .action(async (opts: { template?: string }, cmd: Command) => {
      if (opts.template) throw new CliError('custom Go templates are not supported by heketi-ts; use --json');
      const info = await fetchTopology(makeClient(cmd, io));
      printResult(cmd, io, info, () => formatTopologyInfo(info));
    });
}
