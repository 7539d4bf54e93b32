import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type ConfigPatch, TestServer } from '../helpers/server.js';

/** Start-up problems are reported at start, naming the file, not later as a symptom. */
describe('start-up errors', () => {
  const dir = mkdtempSync(join(tmpdir(), 'heketi-ts-startup-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const withKeyfile =
    (keyfile: string): ConfigPatch =>
    (c) => {
      c.glusterfs.executor = 'ssh';
      c.glusterfs.sshexec.keyfile = keyfile;
    };

  it('refuses a missing ssh keyfile, naming it', async () => {
    const missing = join(dir, 'no-such-key');
    await expect(TestServer.start(withKeyfile(missing), mkdtempSync(join(dir, 'a-')))).rejects.toThrow(
      `config: glusterfs.sshexec.keyfile: unable to read ${missing}: ENOENT`,
    );
  });

  it('refuses a keyfile that is not a private key, naming it', async () => {
    const garbage = join(dir, 'garbage-key');
    writeFileSync(garbage, 'not a key\n');
    await expect(TestServer.start(withKeyfile(garbage), mkdtempSync(join(dir, 'b-')))).rejects.toThrow(
      `config: glusterfs.sshexec.keyfile: ${garbage} is not a usable private key: Unsupported key format`,
    );
  });
});
