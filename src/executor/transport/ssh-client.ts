import ssh2 from 'ssh2';
import type { Client, ClientChannel } from 'ssh2';
import { RemoteCommandError, type ExecResult } from './transport.js';
import { Semaphore } from './semaphore.js';
import type { HostKeyVerdict } from './known-hosts.js';

/** How to reach one host; built by the SshAgent from the sshexec configuration. */
export interface SshClientOptions {
  host: string;
  port: number;
  username: string;
  privateKey: Buffer | string;
  /** Decides on a host key (raw SSH blob); `undefined` accepts every key (insecure mode). */
  verifyHostKey?: (key: Buffer) => Promise<HostKeyVerdict>;
  connectTimeoutMs: number;
  /** Concurrent channels on the connection; must stay below sshd's MaxSessions (10). */
  maxChannels: number;
  keepaliveIntervalMs: number;
}

const KEEPALIVE_COUNT_MAX = 3;

/**
 * One ssh2 connection to one host: connected lazily on the first command, kept alive, and dropped
 * on close or error so that the next command reconnects. Commands share the connection, each on its
 * own channel, at most `maxChannels` at a time.
 */
export class SshClient {
  private connection: Promise<Client> | undefined;
  /** The client `connection` resolved to, so that a close can be matched synchronously. */
  private connected: Client | undefined;
  private readonly channels: Semaphore;

  constructor(private readonly options: SshClientOptions) {
    this.channels = new Semaphore(options.maxChannels);
  }

  /** Runs one command line; `argv` is only used to name the command in errors. */
  async exec(line: string, argv: string[], timeoutMs: number): Promise<ExecResult> {
    return this.channels.run(async () => {
      try {
        return await this.runOnChannel(await this.connect(argv), line, argv, timeoutMs);
      } catch (e) {
        // The channel never opened, so the command did not start: a connection that died while
        // idle (sshd restarted) is only noticed here. One retry on a fresh connection is safe.
        if (!(e instanceof ChannelNotOpened)) throw e;
        return this.runOnChannel(await this.connect(argv), line, argv, timeoutMs).catch((again: unknown) => {
          throw again instanceof ChannelNotOpened ? again.toRemoteError() : again;
        });
      }
    });
  }

  close(): void {
    const pending = this.connection;
    this.connection = undefined;
    this.connected = undefined;
    pending?.then((client) => client.end()).catch(() => undefined);
  }

  private connect(argv: string[]): Promise<Client> {
    if (!this.connection) {
      const attempt = this.open(argv);
      this.connection = attempt;
      attempt.catch(() => {
        if (this.connection === attempt) this.connection = undefined;
      });
    }
    return this.connection;
  }

  private open(argv: string[]): Promise<Client> {
    const { host, port } = this.options;
    const client = new ssh2.Client();
    let verdict: HostKeyVerdict | undefined;
    return new Promise<Client>((resolve, reject) => {
      const fail = (e: Error): void => {
        const reason = verdict && verdict !== 'trusted' ? `host key ${verdict} in known_hosts` : e.message;
        reject(new RemoteCommandError(host, argv, null, `ssh to ${host}:${port}: ${reason}`, 'unreachable'));
      };
      client.once('ready', () => {
        this.connected = client;
        client.off('error', fail);
        client.on('error', () => this.forget(client));
        client.once('close', () => this.forget(client));
        resolve(client);
      });
      client.once('error', fail);
      client.connect({
        host,
        port,
        username: this.options.username,
        privateKey: this.options.privateKey,
        readyTimeout: this.options.connectTimeoutMs,
        keepaliveInterval: this.options.keepaliveIntervalMs,
        keepaliveCountMax: KEEPALIVE_COUNT_MAX,
        hostVerifier: (key: Buffer, accept: (ok: boolean) => void) => {
          const check = this.options.verifyHostKey;
          if (!check) return accept(true);
          check(key).then(
            (result) => {
              verdict = result;
              accept(result === 'trusted');
            },
            () => accept(false),
          );
        },
      });
    });
  }

  /** Drops a connection that closed, so that the next command opens a new one. */
  private forget(client: Client): void {
    if (this.connected === client) {
      this.connected = undefined;
      this.connection = undefined;
    }
    client.end();
  }

  private runOnChannel(client: Client, line: string, argv: string[], timeoutMs: number): Promise<ExecResult> {
    const host = this.options.host;
    return new Promise<ExecResult>((resolve, reject) => {
      client.exec(line, (error, stream) => {
        if (error) {
          this.forget(client);
          reject(new ChannelNotOpened(host, argv, error.message));
          return;
        }
        collect(stream, timeoutMs).then(resolve, (e: { failure: 'timeout' | 'connection-lost'; detail: string }) =>
          reject(new RemoteCommandError(host, argv, null, e.detail, e.failure)),
        );
      });
    });
  }
}

/** The connection could not open a channel; the command was not started. */
class ChannelNotOpened extends Error {
  constructor(
    readonly host: string,
    readonly argv: string[],
    detail: string,
  ) {
    super(detail);
  }

  toRemoteError(): RemoteCommandError {
    return new RemoteCommandError(this.host, this.argv, null, this.message, 'connection-lost');
  }
}

/** Gathers a channel's output until it closes; on timeout signals KILL and closes the channel. */
const collect = (stream: ClientChannel, timeoutMs: number): Promise<ExecResult> =>
  new Promise((resolve, reject) => {
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let exitCode: number | undefined;
    const timer = setTimeout(() => {
      stream.signal('KILL');
      stream.close();
      reject({ failure: 'timeout', detail: `after ${timeoutMs} ms` });
    }, timeoutMs);
    stream.on('data', (chunk: Buffer) => stdout.push(chunk));
    stream.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    stream.on('exit', (code: number | null) => {
      if (typeof code === 'number') exitCode = code;
    });
    stream.on('close', () => {
      clearTimeout(timer);
      if (exitCode === undefined) {
        reject({ failure: 'connection-lost', detail: 'the channel closed without an exit status' });
        return;
      }
      resolve({ stdout: Buffer.concat(stdout).toString(), stderr: Buffer.concat(stderr).toString(), exitCode });
    });
  });
