import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, must, seedNodes, ServerProcess } from '../helpers/crash-server.js';

const ROOT = join(import.meta.dirname, '..', '..');

/** `heketi-ts serve` on `db` (another port, another config file) until it exits: status, stderr, ms. */
async function serveUntilExit(dir: string, db: string): Promise<{ code: number | null; stderr: string; ms: number }> {
  const config = join(dir, 'second.json');
  const port = await freePort();
  writeFileSync(config, JSON.stringify({ port, host: '127.0.0.1', glusterfs: { executor: 'mock', db } }));
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'serve', `--config=${config}`, '--disable-auth'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { code, stderr, ms: Math.round(performance.now() - started) };
}

describe('one server per database (the instance lock)', () => {
  const dirs: string[] = [];
  const servers: ServerProcess[] = [];
  afterEach(async () => {
    for (const s of servers.splice(0)) await s.kill();
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('refuses a second serve on the same db while the first one finishes its operation', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'heketi-ts-lock-'));
    dirs.push(dir);
    const first = await ServerProcess.start(dir, { HEKETI_TS_MOCK_FAULTS: 'volumeCreate=delay:20000' });
    servers.push(first);
    await seedNodes(first, 3, '10.1.1');
    const accepted = await must(first.request('POST', '/volumes', { size: 1 }), 'create');
    expect(accepted.status).toBe(202);

    const db = join(dir, 'heketi.db');
    const second = await serveUntilExit(dir, db);
    console.log(`second serve on a locked db exited with ${second.code} after ${second.ms} ms (spawn to exit, tsx included)`);
    expect(second.code).not.toBe(0);
    expect(second.stderr).toContain(`database ${db} is in use by another heketi-ts server (pid ${first.pid} on host `);
    // the first server's operation was in flight all along and was left alone
    expect((await must(first.request('GET', accepted.location!), 'queue')).status).toBe(200);

    const done = await must(first.poll(accepted.location!), 'create job');
    expect(done.status).toBe(303);
    const volume = await must(first.request('GET', done.location!), 'volume');
    expect(volume.status).toBe(200);
    const pending = await must(first.request('GET', '/operations'), 'operations');
    expect(JSON.parse(pending.text)).toMatchObject({ total: 0, in_flight: 0 });
  }, 180_000);

  it('is gone with the process: after SIGKILL the next server starts on the db', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'heketi-ts-lock-'));
    dirs.push(dir);
    const first = await ServerProcess.start(dir);
    await first.kill();
    const next = await ServerProcess.start(dir);
    servers.push(next);
    expect((await must(next.request('GET', '/hello'), 'hello')).status).toBe(200);
  }, 180_000);
});
