import type { Command } from '../commands/command.js';
import { commandLine } from './shell-quote.js';
import type { ExecResult, Transport } from './transport.js';

/** What the transport log needs: pino's debug. */
export interface DebugLogger {
  debug(obj: object, msg: string): void;
}

/**
 * Logs every command at debug level (`heketi-cli loglevel set debug` turns it on at runtime):
 * host, the command line as it is sent, exit code and duration. Never the output: gluster-block
 * prints CHAP passwords on stdout, and no secret travels in a command line (the SSH key and the
 * JWT keys never reach one).
 */
export class LoggingTransport implements Transport {
  constructor(
    private readonly inner: Transport,
    private readonly log: DebugLogger,
  ) {}

  async exec(host: string, command: Command): Promise<ExecResult> {
    const line = commandLine(command.argv, false);
    const started = Date.now();
    this.log.debug({ host, command: line }, 'executor command');
    try {
      const result = await this.inner.exec(host, command);
      this.log.debug({ host, command: line, exitCode: result.exitCode, durationMs: Date.now() - started }, 'executor command done');
      return result;
    } catch (e) {
      this.log.debug({ host, command: line, err: (e as Error).message, durationMs: Date.now() - started }, 'executor command failed');
      throw e;
    }
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
