/**
 * One command run through the pods/exec subresource over WebSocket (@kubernetes/client-node's Exec,
 * which negotiates v5.channel.k8s.io). The argv goes to the API as a list of `command` parameters:
 * no shell on either side. stdout and stderr arrive on their own channels; the exit status comes in
 * the Status message that ends the stream (see exec-status.ts).
 */
import { PassThrough, Writable } from 'node:stream';
import type { KubeConfig } from '@kubernetes/client-node';
// The exec and WebSocket modules only, not the package's index: that would load every generated
// API and model (access.ts).
import { Exec } from '@kubernetes/client-node/dist/exec.js';
import { WebSocketHandler } from '@kubernetes/client-node/dist/web-socket-handler.js';
import type { KubeAccess } from './access.js';
import type { ExecStatus } from './exec-status.js';
import type { ExecTarget } from './pod-target.js';

export interface StreamOutcome {
  stdout: string;
  stderr: string;
  /** undefined when the stream closed without one (connection lost). */
  status: ExecStatus | undefined;
}

/** The exec could not be opened: `httpStatus` is the apiserver's answer to the upgrade, if any. */
export class ExecOpenError extends Error {
  constructor(
    message: string,
    readonly httpStatus: number | undefined,
  ) {
    super(message);
    this.name = 'ExecOpenError';
  }
}

/** Runs argv in the target; `signal` aborts it (the stream is closed, the outcome has no status). */
export type ExecStream = (target: ExecTarget, argv: string[], signal: AbortSignal) => Promise<StreamOutcome>;

/** What this module uses of the `ws` WebSocket the client returns. */
interface OpenSocket {
  on(event: 'close', listener: () => void): void;
  on(event: 'error', listener: (e: Error) => void): void;
  close(): void;
  terminate(): void;
}

const collector = (): { stream: Writable; text: () => string } => {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  return { stream, text: () => Buffer.concat(chunks).toString() };
};

/** `ws` reports a refused upgrade as "Unexpected server response: 403". */
const upgradeStatus = (message: string): number | undefined => {
  const match = /Unexpected server response: (\d{3})/.exec(message);
  return match ? Number(match[1]) : undefined;
};

const errorMessage = (e: unknown): string => {
  // ws hands onerror an ErrorEvent ({ error, message }), not an Error.
  const event = e as { message?: unknown; error?: unknown };
  if (event.error instanceof Error) return event.error.message;
  return typeof event.message === 'string' ? event.message : String(e);
};

export const kubeExecStream = (access: KubeAccess): ExecStream => {
  // The handler calls only getCurrentCluster and applyToHTTPSOptions of its KubeConfig.
  const kubeConfig = access as unknown as KubeConfig;
  return async (target, argv, signal) => {
    const stdout = collector();
    const stderr = collector();
    // The handler's own streams only see "close stream" frames; they must never be the process's.
    const handler = new WebSocketHandler(kubeConfig, undefined, {
      stdin: new PassThrough(),
      stdout: new PassThrough().resume(),
      stderr: new PassThrough().resume(),
    });
    let status: ExecStatus | undefined;
    let socket: OpenSocket;
    try {
      socket = (await new Exec(kubeConfig, handler).exec(
        encodeURIComponent(target.namespace),
        encodeURIComponent(target.pod),
        target.container,
        argv,
        stdout.stream,
        stderr.stream,
        null,
        false,
        (s) => (status = s),
      )) as unknown as OpenSocket;
    } catch (e) {
      const message = errorMessage(e);
      throw new ExecOpenError(message, upgradeStatus(message));
    }
    return new Promise<StreamOutcome>((resolve) => {
      const finish = (): void => {
        signal.removeEventListener('abort', abort);
        resolve({ stdout: stdout.text(), stderr: stderr.text(), status });
      };
      const abort = (): void => socket.terminate();
      socket.on('close', finish);
      socket.on('error', () => socket.terminate());
      if (signal.aborted) abort();
      else signal.addEventListener('abort', abort);
    });
  };
};
