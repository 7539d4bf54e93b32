import { describe, expect, it } from 'vitest';
import { FakeTransport } from './fake-transport.js';
import { execChecked, RemoteCommandError } from './transport.js';

const cmd = (...argv: string[]) => ({ argv, timeoutMs: 1000 });

describe('FakeTransport', () => {
  it('records calls and answers from the first unused matching script', async () => {
    const fake = new FakeTransport()
      .on('vgdisplay', { stdout: 'first' })
      .on(/^lvm vgdisplay/, { stdout: 'second' })
      .on((argv) => argv[0] === 'mount', { exitCode: 32, stderr: 'busy' }, { host: 'h2' });
    expect((await fake.exec('h1', cmd('lvm', 'vgdisplay'))).stdout).toBe('first');
    expect((await fake.exec('h1', cmd('lvm', 'vgdisplay'))).stdout).toBe('second');
    expect((await fake.exec('h1', cmd('mount'))).exitCode).toBe(0);
    expect((await fake.exec('h2', cmd('mount'))).exitCode).toBe(32);
    expect(fake.lines()).toEqual(['lvm vgdisplay', 'lvm vgdisplay', 'mount', 'mount']);
    expect(fake.lines('h2')).toEqual(['mount']);
    fake.assertNoPendingScripts();
  });

  it('reports scripts that were never used', () => {
    const fake = new FakeTransport().on('gluster', { stdout: '' }).on('always', {}, { times: Infinity });
    expect(() => fake.assertNoPendingScripts()).toThrow(/unused scripted commands: gluster/);
  });

  it('simulates transport failures, and execChecked turns bad exit codes into RemoteCommandError', async () => {
    const fake = new FakeTransport().on('ssh', { fail: 'timeout', detail: 'after 1000 ms' }).on('false', { exitCode: 1, stderr: 'no' });
    await expect(fake.exec('h', cmd('ssh'))).rejects.toThrow('host h: command "ssh" timed out (after 1000 ms) and was killed');
    const error = await execChecked(fake, 'h', cmd('false')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RemoteCommandError);
    expect((error as RemoteCommandError).exitCode).toBe(1);
    await expect(execChecked(fake, 'h', { ...cmd('grep'), okExitCodes: [0, 1] })).resolves.toMatchObject({ exitCode: 0 });
  });
});
