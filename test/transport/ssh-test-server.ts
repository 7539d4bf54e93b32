import { spawn, type ChildProcess } from 'node:child_process';
import { timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import ssh2 from 'ssh2';
import type { Connection, ServerChannel } from 'ssh2';

const killGroup = (child: ChildProcess, signal: NodeJS.Signals): void => {
  try {
    if (child.pid !== undefined && child.exitCode === null) process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
};

/** A key pair in OpenSSH format, as ssh2 generates it. */
export interface KeyPair {
  private: string;
  public: string;
}

/**
 * An ed25519 key pair ssh2 can read back. ssh2's generator strips the leading zero bytes of the
 * public key, so about one pair in 256 has a 31-byte key that its own parser (and the server's
 * host key check) rejects as malformed (mscdex/ssh2 issues 1390 and 1513); such a pair is made again.
 */
export function generateKeyPair(): KeyPair {
  for (;;) {
    const pair = ssh2.utils.generateKeyPairSync('ed25519');
    if (!(ssh2.utils.parseKey(pair.public) instanceof Error) && !(ssh2.utils.parseKey(pair.private) instanceof Error)) return pair;
  }
}

/**
 * An in-process sshd for the transport tests: publickey auth for one client key, and every exec
 * request runs in a real local `sh -c`, so the quoting is checked by a real shell. It counts
 * connections, concurrent sessions and the signals it received, and can drop every connection.
 */
export class TestSshServer {
  readonly hostKey = generateKeyPair();
  readonly clientKey = generateKeyPair();
  connections = 0;
  activeExecs = 0;
  peakExecs = 0;
  readonly signals: string[] = [];
  readonly commands: string[] = [];
  private readonly open = new Set<Connection>();
  private readonly server: InstanceType<typeof ssh2.Server>;
  port = 0;

  constructor() {
    const allowed = ssh2.utils.parseKey(this.clientKey.public);
    if (allowed instanceof Error) throw allowed;
    this.server = new ssh2.Server({ hostKeys: [this.hostKey.private] }, (client) => {
      this.connections++;
      this.open.add(client);
      client.on('close', () => this.open.delete(client));
      client.on('error', () => undefined);
      client.on('authentication', (ctx) => {
        const ok =
          ctx.method === 'publickey' &&
          ctx.key.algo === allowed.type &&
          ctx.key.data.length === allowed.getPublicSSH().length &&
          timingSafeEqual(ctx.key.data, allowed.getPublicSSH());
        if (ok) ctx.accept();
        else ctx.reject(['publickey']);
      });
      client.on('session', (accept) => {
        const session = accept();
        let child: ChildProcess | undefined;
        session.on('exec', (acceptExec, _reject, info) => {
          child = this.runExec(acceptExec(), info.command);
        });
        // ssh2 delivers "signal" requests on the session, not on the exec channel.
        session.on('signal', (_accept, _reject, info) => {
          this.signals.push(info.name);
          if (child) killGroup(child, `SIG${info.name}` as NodeJS.Signals);
        });
      });
    });
  }

  private runExec(stream: ServerChannel, command: string): ChildProcess {
    this.commands.push(command);
    this.activeExecs++;
    this.peakExecs = Math.max(this.peakExecs, this.activeExecs);
    // Its own process group, so that a signal reaches the command and not only the shell around it.
    const child = spawn('sh', ['-c', command], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    child.stdout.pipe(stream, { end: false });
    child.stderr.pipe(stream.stderr, { end: false });
    stream.on('error', () => undefined);
    stream.on('close', () => killGroup(child, 'SIGKILL'));
    child.on('close', (code, signal) => {
      this.activeExecs--;
      try {
        if (signal) stream.exit(signal.replace(/^SIG/, ''), false, '');
        else stream.exit(code ?? 255);
        stream.end();
      } catch {
        // the client closed the channel first (timeout): nothing left to tell it
      }
    });
    return child;
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this.port;
  }

  /** The known_hosts line for this server. */
  knownHostsLine(publicKey = this.hostKey.public): string {
    return `[127.0.0.1]:${this.port} ${publicKey}`;
  }

  /** Drops every client connection, as a restarting sshd would. */
  dropConnections(): void {
    for (const client of this.open) client.end();
  }

  async close(): Promise<void> {
    this.dropConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
