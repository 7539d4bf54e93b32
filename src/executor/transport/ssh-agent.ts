import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import ssh2 from 'ssh2';
import { configError } from '../../config/config-error.js';
import type { SshExecConfig } from '../../config/types.js';
import type { Command } from '../commands/command.js';
import { isValidHostname } from '../commands/validate.js';
import { parseKnownHosts, verifyHostKey, type HostKeyVerdict } from './known-hosts.js';
import { commandLine } from './shell-quote.js';
import { SshClient } from './ssh-client.js';
import { RemoteCommandError, type ExecResult, type Transport } from './transport.js';

/** Channels per host: below OpenSSH's default MaxSessions of 10, so a session is never refused. */
export const DEFAULT_MAX_CHANNELS_PER_HOST = 8;
const KEEPALIVE_INTERVAL_MS = 10_000;

export interface SshAgentOptions {
  maxChannelsPerHost?: number;
  /** The private key's contents; read from `config.keyfile` when absent. */
  privateKey?: Buffer | string;
}

/**
 * Reads and checks the private key at start-up, as Heketi's sshexec does ("Unable to get keyfile"),
 * so a missing, unreadable or unparsable key stops the server with the file's name instead of
 * surfacing later as "New Node doesn't have glusterd running".
 */
export function loadPrivateKey(keyfile: string): Buffer {
  let key: Buffer;
  try {
    key = readFileSync(keyfile);
  } catch (e) {
    throw configError('glusterfs.sshexec.keyfile', `unable to read ${keyfile}: ${(e as Error).message}`);
  }
  const parsed = ssh2.utils.parseKey(key);
  if (parsed instanceof Error) {
    throw configError('glusterfs.sshexec.keyfile', `${keyfile} is not a usable private key: ${parsed.message}`);
  }
  return key;
}

/**
 * The SSH transport: one SshClient per host (the map is the pool), each a single ssh2 connection
 * with keepalive, lazy connect and reconnect. Host keys are checked against the configured
 * known_hosts files unless `insecureHostKey` is set.
 */
export class SshAgent implements Transport {
  private readonly clients = new Map<string, SshClient>();
  private privateKey: Promise<Buffer | string> | undefined;

  constructor(
    private readonly config: Pick<
      SshExecConfig,
      'keyfile' | 'user' | 'port' | 'sudo' | 'knownHostsFiles' | 'insecureHostKey' | 'connectTimeoutSeconds'
    >,
    private readonly options: SshAgentOptions = {},
  ) {}

  async exec(host: string, command: Command): Promise<ExecResult> {
    if (!isValidHostname(host)) {
      throw new RemoteCommandError(host, command.argv, null, 'invalid host name', 'unreachable');
    }
    const line = commandLine(command.argv, this.config.sudo);
    const client = await this.clientFor(host, command.argv);
    return client.exec(line, command.argv, command.timeoutMs);
  }

  async close(): Promise<void> {
    for (const client of this.clients.values()) client.close();
    this.clients.clear();
  }

  private async clientFor(host: string, argv: string[]): Promise<SshClient> {
    const existing = this.clients.get(host);
    if (existing) return existing;
    const privateKey = await this.loadKey(host, argv);
    const raced = this.clients.get(host);
    if (raced) return raced;
    const client = new SshClient({
      host,
      port: this.config.port,
      username: this.config.user,
      privateKey,
      connectTimeoutMs: this.config.connectTimeoutSeconds * 1000,
      maxChannels: this.options.maxChannelsPerHost ?? DEFAULT_MAX_CHANNELS_PER_HOST,
      keepaliveIntervalMs: KEEPALIVE_INTERVAL_MS,
      ...(this.config.insecureHostKey ? {} : { verifyHostKey: (key: Buffer) => this.verify(host, key) }),
    });
    this.clients.set(host, client);
    return client;
  }

  private loadKey(host: string, argv: string[]): Promise<Buffer | string> {
    if (this.options.privateKey !== undefined) return Promise.resolve(this.options.privateKey);
    this.privateKey ??= readFile(this.config.keyfile);
    return this.privateKey.catch((e: Error) => {
      this.privateKey = undefined;
      throw new RemoteCommandError(host, argv, null, `Unable to read private key file: ${e.message}`, 'unreachable');
    });
  }

  /** Reads the known_hosts files at every connect, so that edits apply without a restart. */
  private async verify(host: string, key: Buffer): Promise<HostKeyVerdict> {
    const texts = await Promise.all(
      this.config.knownHostsFiles.map((file) => readFile(file, 'utf8').catch(() => '')),
    );
    return verifyHostKey(parseKnownHosts(texts.join('\n')), host, this.config.port, key);
  }
}
