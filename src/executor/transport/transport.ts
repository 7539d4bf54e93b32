import { AppError } from '../../domain/errors.js';
import type { Command } from '../commands/command.js';

/** What one remote command produced. A non-zero exit code is a result, not a transport failure. */
export interface ExecResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/**
 * Carries commands to the storage nodes. `exec` resolves with the command's result whatever its
 * exit code, and rejects with a RemoteCommandError (exitCode null) when the command could not be
 * run or finished: host unreachable, authentication or host key refused, timeout, connection lost.
 */
export interface Transport {
  exec(host: string, command: Command): Promise<ExecResult>;
  /** Releases every connection; later calls to exec may reconnect. */
  close(): Promise<void>;
}

/** Why a remote command failed. */
export type RemoteFailure = 'exit' | 'timeout' | 'unreachable' | 'connection-lost';

const describe = (failure: RemoteFailure, exitCode: number | null, detail: string): string => {
  switch (failure) {
    case 'exit':
      // exit code 0 with an error: gluster reported the failure in its XML (opRet/opErrstr)
      return `failed${exitCode ? ` with exit code ${exitCode}` : ''}${detail ? `: ${detail}` : ''}`;
    case 'timeout':
      return `timed out (${detail}) and was killed`;
    case 'unreachable':
      return `could not be run: ${detail}`;
    case 'connection-lost':
      return `lost its connection: ${detail}`;
  }
};

/** A command that failed on a node. The message names the host and the command line. */
export class RemoteCommandError extends AppError {
  constructor(
    readonly host: string,
    readonly argv: string[],
    readonly exitCode: number | null,
    readonly stderr: string,
    readonly failure: RemoteFailure = 'exit',
  ) {
    super(
      'REMOTE_COMMAND_FAILED',
      500,
      `host ${host}: command "${argv.join(' ')}" ${describe(failure, exitCode, stderr.trim())}`,
    );
    this.name = 'RemoteCommandError';
  }
}

export const isRemoteCommandError = (e: unknown): e is RemoteCommandError => e instanceof RemoteCommandError;

/** Runs a command and turns an exit code outside `okExitCodes` (default [0]) into a RemoteCommandError. */
export const execChecked = async (transport: Transport, host: string, command: Command): Promise<ExecResult> => {
  const result = await transport.exec(host, command);
  const ok = command.okExitCodes ?? [0];
  if (!ok.includes(result.exitCode)) {
    throw new RemoteCommandError(host, command.argv, result.exitCode, result.stderr.trim() || result.stdout.trim());
  }
  return result;
};
