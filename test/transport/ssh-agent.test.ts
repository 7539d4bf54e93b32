import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SshExecConfig } from '../../src/config/types.js';
import { SshAgent } from '../../src/executor/transport/ssh-agent.js';
import { RemoteCommandError } from '../../src/executor/transport/transport.js';
import { generateKeyPair, TestSshServer } from './ssh-test-server.js';

type AgentConfig = ConstructorParameters<typeof SshAgent>[0];

const dir = mkdtempSync(join(tmpdir(), 'ssh-agent-test-'));
const server = new TestSshServer();
const agents: SshAgent[] = [];

const knownHosts = (name: string, lines: string[]): string => {
  const file = join(dir, name);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
};

const agentFor = (overrides: Partial<SshExecConfig> = {}, maxChannelsPerHost?: number): SshAgent => {
  const config: AgentConfig = {
    keyfile: '',
    user: 'root',
    port: server.port,
    sudo: false,
    knownHostsFiles: [knownHosts('trusted', [server.knownHostsLine()])],
    insecureHostKey: false,
    connectTimeoutSeconds: 5,
    ...overrides,
  };
  const agent = new SshAgent(config, { privateKey: server.clientKey.private, ...(maxChannelsPerHost ? { maxChannelsPerHost } : {}) });
  agents.push(agent);
  return agent;
};

const cmd = (argv: string[], timeoutMs = 20_000) => ({ argv, timeoutMs });

beforeAll(async () => {
  await server.listen();
});
afterEach(async () => {
  await Promise.all(agents.splice(0).map((a) => a.close()));
});
afterAll(async () => {
  await server.close();
});

describe('SshAgent against an in-process ssh2 server', () => {
  it('runs a command and returns stdout, stderr and the exit code', async () => {
    const result = await agentFor().exec('127.0.0.1', cmd(['sh', '-c', 'echo out; echo err >&2; exit 3']));
    expect(result).toEqual({ stdout: 'out\n', stderr: 'err\n', exitCode: 3 });
  });

  it('delivers hostile arguments unchanged and never lets a shell act on them', async () => {
    const marker = join(dir, 'pwned');
    const hostile = [';', `$(touch ${marker})`, `\`touch ${marker}\``, "'", '"', 'a\nb', 'a b', `; touch ${marker}`, '$HOME'];
    const result = await agentFor().exec('127.0.0.1', cmd(['printf', '%s\\0', 'start', ...hostile]));
    expect(result.stdout.split('\0').slice(1, -1)).toEqual(hostile);
    expect(existsSync(marker)).toBe(false);
  });

  it('kills a command that outlives its timeout and says so', async () => {
    const before = server.signals.length;
    const error = await agentFor()
      .exec('127.0.0.1', cmd(['sleep', '30'], 300))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RemoteCommandError);
    expect((error as RemoteCommandError).failure).toBe('timeout');
    expect((error as RemoteCommandError).message).toMatch(/host 127\.0\.0\.1: command "sleep 30" timed out/);
    await vi.waitFor(() => expect(server.signals.slice(before)).toContain('KILL'));
  });

  it('reconnects after the server drops the connection', async () => {
    const agent = agentFor();
    await agent.exec('127.0.0.1', cmd(['true']));
    const before = server.connections;
    server.dropConnections();
    const result = await agent.exec('127.0.0.1', cmd(['echo', 'again']));
    expect(result.stdout).toBe('again\n');
    expect(server.connections).toBe(before + 1);
  });

  it('shares one connection and keeps concurrent channels under the per-host limit', async () => {
    const agent = agentFor({}, 3);
    const before = server.connections;
    await vi.waitFor(() => expect(server.activeExecs).toBe(0));
    server.peakExecs = 0;
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => agent.exec('127.0.0.1', cmd(['sh', '-c', `sleep 0.1; echo ${i}`]))),
    );
    expect(results.map((r) => r.stdout)).toEqual(Array.from({ length: 12 }, (_, i) => `${i}\n`));
    expect(server.peakExecs).toBeLessThanOrEqual(3);
    expect(server.connections).toBe(before + 1);
  });

  it('refuses a host key that does not match known_hosts', async () => {
    const other = generateKeyPair();
    const agent = agentFor({ knownHostsFiles: [knownHosts('mismatch', [server.knownHostsLine(other.public)])] });
    const error = await agent.exec('127.0.0.1', cmd(['true'])).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RemoteCommandError);
    expect((error as RemoteCommandError).message).toMatch(/host key mismatch in known_hosts/);
    expect((error as RemoteCommandError).failure).toBe('unreachable');
  });

  it('refuses a host missing from known_hosts unless insecureHostKey is set', async () => {
    const empty = knownHosts('empty', ['# nothing']);
    await expect(agentFor({ knownHostsFiles: [empty] }).exec('127.0.0.1', cmd(['true']))).rejects.toThrow(/host key unknown/);
    await expect(agentFor({ knownHostsFiles: [empty], insecureHostKey: true }).exec('127.0.0.1', cmd(['true']))).resolves.toMatchObject({ exitCode: 0 });
  });

  it('names the host and the command when the host is unreachable', async () => {
    const agent = agentFor({ port: 1, connectTimeoutSeconds: 2 });
    await expect(agent.exec('127.0.0.1', cmd(['gluster', 'pool', 'list']))).rejects.toThrow(
      /host 127\.0\.0\.1: command "gluster pool list" could not be run: ssh to 127\.0\.0\.1:1/,
    );
  });

  it('refuses a host name that is not an address or a DNS name', async () => {
    await expect(agentFor().exec('127.0.0.1;touch x', cmd(['true']))).rejects.toThrow(/invalid host name/);
  });

  it('puts sudo -n in front of the quoted command when configured', async () => {
    const before = server.commands.length;
    await agentFor({ sudo: true }).exec('127.0.0.1', cmd(['lvs'])).catch(() => undefined);
    expect(server.commands[before]).toBe("'sudo' '-n' 'lvs'");
  });

  it('reports a missing key file clearly', async () => {
    const agent = new SshAgent({
      keyfile: join(dir, 'no-such-key'), user: 'root', port: server.port, sudo: false,
      knownHostsFiles: [], insecureHostKey: true, connectTimeoutSeconds: 2,
    });
    agents.push(agent);
    await expect(agent.exec('127.0.0.1', cmd(['true']))).rejects.toThrow(/Unable to read private key file/);
  });
});
