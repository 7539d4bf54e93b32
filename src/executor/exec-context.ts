import type { CommandConfig } from '../config/types.js';
import type { Command } from './commands/command.js';
import type { ExecResult, Transport } from './transport/transport.js';

/** What the command executor's helper modules (brick teardown, device probes) use of it. */
export interface ExecContext {
  config: CommandConfig;
  /** For commands whose exit code the caller judges itself (exec resolves on any exit code). */
  transport: Transport;
  log: { warn(message: string): void };
  /** Runs a command (under the executor's file locks); rejects on a failure. */
  run(host: string, command: Command): Promise<ExecResult>;
  /** Runs a command whose failure is only logged; resolves with the error, if any. */
  runIgnoringFailure(host: string, command: Command): Promise<Error | undefined>;
}
