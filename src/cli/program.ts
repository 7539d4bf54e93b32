/**
 * The heketi-ts command line: `serve`, `token`, and heketi-cli's command tree with its global
 * flags, environment, output shapes and exit status (errors print `Error: <text>`, exit 255).
 */
import { packageVersion } from '../project-root.js';
import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config/config-error.js';
import { addAdminCommands } from './commands/admin.js';
import { addBlockVolumeCommands } from './commands/block-volume.js';
import { addClusterCommands } from './commands/cluster.js';
import { addDbServerCommands } from './commands/db-server.js';
import { addDeviceCommands } from './commands/device.js';
import { addHealthcheckCommand } from './commands/healthcheck.js';
import { addHeketiStorageCommand } from './commands/heketi-storage.js';
import { addNodeCommands } from './commands/node.js';
import { addServeCommand, addTokenCommand } from './commands/serve.js';
import { addTopologyCommands } from './commands/topology.js';
import { addVolumeCommands } from './commands/volume.js';
import { addStateCommands } from './commands/state.js';
import type { CliIo } from './context.js';

/** heketi-cli exits with -1, which the shell sees as 255. */
export const ERROR_EXIT_CODE = 255;

const processIo = (): CliIo => ({
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
});

/** Go's StringSlice flag: repeatable, each value a comma-separated list. */
const collectFiles = (value: string, previous: string[]): string[] => [...previous, ...value.split(',').filter((f) => f !== '')];

/** Builds the whole program; `io` defaults to the real process streams and environment. */
export function buildProgram(io: CliIo = processIo()): Command {
  const program = new Command('heketi-ts')
    .description('Heketi-compatible GlusterFS volume manager: server and heketi-cli')
    .version(`heketi-ts ${packageVersion()}`, '-v, --version', 'Print version')
    .option('-s, --server <url>', 'Heketi server (env HEKETI_CLI_SERVER, default http://localhost:8080)')
    .option('--user <name>', 'Heketi user (env HEKETI_CLI_USER)')
    .option('--secret <key>', 'Secret key for the user (env HEKETI_CLI_KEY)')
    .option('--json', 'Print response as JSON')
    .option('-I, --insecure-tls', 'Do not verify server certificates (insecure)')
    .option('-C, --tls-cert <file>', 'Certificate file to verify the TLS connection with (can be repeated)', collectFiles, [])
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr, outputError: () => undefined })
    .showSuggestionAfterError(true);
  addServeCommand(program, io);
  addTokenCommand(program, io);
  addClusterCommands(program, io);
  addNodeCommands(program, io);
  addDeviceCommands(program, io);
  addVolumeCommands(program, io);
  addBlockVolumeCommands(program, io);
  addTopologyCommands(program, io);
  addAdminCommands(program, io);
  addDbServerCommands(program, io);
  addStateCommands(program, io);
  addHeketiStorageCommand(program, io);
  addHealthcheckCommand(program, io);
  return program;
}

/** Applies exitOverride and the shared output settings to every command of the tree. */
function prepare(command: Command, io: CliIo): void {
  command.exitOverride();
  command.configureOutput({ writeOut: io.stdout, writeErr: io.stderr, outputError: () => undefined });
  for (const sub of command.commands) prepare(sub, io);
}

function errorMessage(error: unknown): string {
  if (error instanceof CommanderError) return error.message.replace(/^error: /, '');
  if (error instanceof ConfigError) return error.message;
  return error instanceof Error ? error.message : String(error);
}

/**
 * Runs the program on `argv` (process.argv shape) and returns the exit status instead of
 * exiting, so tests can run it in-process. Help and --version exit 0.
 */
export async function runCli(argv: string[], io: CliIo = processIo()): Promise<number> {
  const program = buildProgram(io);
  prepare(program, io);
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError && ['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(error.code)) {
      return 0;
    }
    if (error instanceof CommanderError && error.code === 'commander.executeSubCommandAsync') return 0;
    io.stderr(`Error: ${errorMessage(error)}\n`);
    return ERROR_EXIT_CODE;
  }
}
