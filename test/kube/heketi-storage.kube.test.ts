import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { loadCluster } from '../e2e/helpers/api-cluster.js';
import { ADMIN_KEY, type HeketiProcess, startHeketi } from '../e2e/helpers/heketi-server.js';
import { loadTestbed } from '../e2e/helpers/testbed.js';
import { loadKubebed } from './helpers/kubebed.js';
import { readList, serverSideApply } from './helpers/manifests.js';

// setup-openshift-heketi-storage's List, applied to the kubebed's apiserver: every object
// (secret with the db, endpoints, service, copy job) accepted. The server runs the mock executor:
// the List is what is tested here, and heketidbstorage cannot be deleted again through the API
// (as in Heketi), so a real volume would outlive the test on the shared nodes.
const tb = loadTestbed();
const bed = loadKubebed();
let server: HeketiProcess | undefined;

afterAll(async () => {
  await server?.stop();
});

describe('setup-openshift-heketi-storage on a real apiserver', () => {
  it('writes a List whose every object server-side apply accepts', async () => {
    server = await startHeketi(tb, { executor: { executor: 'mock' } });
    await loadCluster(server.api, tb.nodes);
    const listfile = join(mkdtempSync(join(tmpdir(), 'heketi-ts-kube-storage-')), 'heketi-storage.json');
    const out: string[] = [];
    const io = { stdout: (t: string) => out.push(t), stderr: (t: string) => out.push(t), env: {}, sleep: async () => undefined };
    const status = await runCli(
      ['node', 'heketi-ts', '-s', server.api.base, '--user', 'admin', '--secret', ADMIN_KEY, 'setup-openshift-heketi-storage', '--listfile', listfile],
      io,
    );
    expect([status, out.join('')]).toEqual([0, `Saving ${listfile}\n`]);

    const objects = readList(listfile, bed.namespace);
    const applied = await serverSideApply(bed, objects);
    expect(applied.map((o) => `${o.kind}/${o.metadata?.name}`)).toEqual([
      'Secret/heketi-storage-secret',
      'Endpoints/heketi-storage-endpoints',
      'Service/heketi-storage-endpoints',
      'Job/heketi-storage-copy-job',
    ]);
    for (const object of applied) expect(object.metadata?.uid).toMatch(/^[0-9a-f-]{36}$/);
    // The secret's heketi.db is the server's SQLite database, as the apiserver stored it.
    const secret = applied[0] as { data?: Record<string, string> };
    expect(Buffer.from(secret.data?.['heketi.db'] ?? '', 'base64').subarray(0, 16).toString('latin1')).toBe('SQLite format 3\0');
    const endpoints = applied[1] as { subsets?: Array<{ addresses?: Array<{ ip: string }> }> };
    expect(endpoints.subsets?.flatMap((s) => s.addresses?.map((a) => a.ip))).toEqual(expect.arrayContaining(tb.nodes));
  });
});
