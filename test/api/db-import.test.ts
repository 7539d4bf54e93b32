import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { dumpDatabase } from '../../src/services/db-dump.js';
import { openStore } from '../../src/store/store.js';
import { TestServer } from '../helpers/server.js';

/** `heketi db export` of a real Heketi (mock executor): 2 clusters, 9 nodes, 5 volumes, 1 block volume. */
const HEKETI_EXPORT = join(import.meta.dirname, 'db-heketi-export.json');

interface Run {
  status: number;
  stdout: string;
  stderr: string;
}

async function cli(...args: string[]): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const io = { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t), env: {}, sleep: async () => undefined };
  const status = await runCli(['node', 'heketi-ts', ...args], io);
  return { status, stdout: out.join(''), stderr: err.join('') };
}

/** Heketi's export minus what heketi-ts does not store (the volume request's `clusters`). */
function withoutRequestClusters(dump: any): any {
  const copy = structuredClone(dump);
  for (const v of Object.values<any>(copy.volumeentries)) delete v.Info.clusters;
  for (const b of Object.values<any>(copy.blockvolumeentries)) delete b.Info.clusters;
  return copy;
}

function withoutGeneration(dump: any): any {
  const copy = structuredClone(dump);
  delete copy.dbattributeentries.DB_GENERATION_ID;
  return copy;
}

describe('heketi-ts db import / export', () => {
  let dir: string;
  let n = 0;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'heketi-ts-import-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  function config(): { file: string; db: string } {
    n++;
    const db = join(dir, `db${n}.db`);
    const file = join(dir, `heketi${n}.json`);
    writeFileSync(file, JSON.stringify({ jwt: { admin: { key: 'a' }, user: { key: 'u' } }, glusterfs: { executor: 'mock', db } }));
    return { file, db };
  }

  function dumpOf(db: string): string {
    const store = openStore(db);
    try {
      return dumpDatabase(store);
    } finally {
      store.close();
    }
  }

  it('imports a real Heketi export with the same ids, byte for byte apart from the request clusters', async () => {
    const target = config();
    const run = await cli('db', 'import', '--heketi-export', HEKETI_EXPORT, `--config=${target.file}`);
    expect(run.stderr).toContain(`DB imported to ${target.db} (2 clusters, 9 nodes, 12 devices, 5 volumes, 18 bricks, 1 block volumes`);
    expect(run.status).toBe(0);
    const original = JSON.parse(readFileSync(HEKETI_EXPORT, 'utf8'));
    const imported = JSON.parse(dumpOf(target.db));
    expect(imported.dbattributeentries.DB_GENERATION_ID.Value).toMatch(/^[0-9a-f]{32}$/);
    expect(imported.dbattributeentries.DB_GENERATION_ID.Value).not.toBe(original.dbattributeentries.DB_GENERATION_ID.Value);
    expect(withoutGeneration(imported)).toEqual(withoutGeneration(withoutRequestClusters(original)));
  });

  it('round-trips: export, import into a fresh database, export again gives the same dump', async () => {
    const first = config();
    expect((await cli('db', 'import', '--heketi-export', HEKETI_EXPORT, '--config', first.file)).status).toBe(0);
    const exported = join(dir, 'export.json');
    const exportRun = await cli('db', 'export', '--jsonfile', exported, '--config', first.file);
    expect(exportRun.stderr).toBe(`DB exported to ${exported}\n`);
    const second = config();
    expect((await cli('db', 'import', '--heketi-export', exported, '--config', second.file)).status).toBe(0);
    const a = JSON.parse(readFileSync(exported, 'utf8'));
    const b = JSON.parse(dumpOf(second.db));
    expect(withoutGeneration(b)).toEqual(withoutGeneration(a));
    expect(JSON.stringify(withoutGeneration(b), null, 4)).toBe(JSON.stringify(withoutGeneration(a), null, 4));
  });

  it('keeps pending operations, their actions and the pending markers', async () => {
    const data = JSON.parse(readFileSync(HEKETI_EXPORT, 'utf8'));
    const volumeId = Object.keys(data.volumeentries)[0]!;
    const opId = 'ab'.repeat(16);
    data.volumeentries[volumeId].Pending.Id = opId;
    data.pendingoperations[opId] = {
      Id: opId,
      Timestamp: 1700000000,
      Type: 3,
      Actions: [{ Change: 5, Id: volumeId, Delta: 2 }, { Change: 4, Id: volumeId, Delta: null }],
      Status: 'stale',
    };
    const file = join(dir, 'pending.json');
    writeFileSync(file, JSON.stringify(data));
    const target = config();
    expect((await cli('db', 'import', '--heketi-export', file, '--config', target.file)).status).toBe(0);
    const dump = JSON.parse(dumpOf(target.db));
    expect(dump.pendingoperations[opId]).toEqual(data.pendingoperations[opId]);
    expect(dump.volumeentries[volumeId].Pending).toEqual({ Id: opId });
  });

  it('refuses a database that is not empty, and changes nothing', async () => {
    const target = config();
    expect((await cli('db', 'import', '--heketi-export', HEKETI_EXPORT, '--config', target.file)).status).toBe(0);
    const before = dumpOf(target.db);
    const again = await cli('db', 'import', '--heketi-export', HEKETI_EXPORT, '--config', target.file);
    expect(again.status).toBe(255);
    expect(again.stderr).toBe(`Error: ${target.db}: the database is not empty; import needs a new database\n`);
    expect(dumpOf(target.db)).toBe(before);
  });

  it('refuses unknown db attributes and files that are not exports', async () => {
    const data = JSON.parse(readFileSync(HEKETI_EXPORT, 'utf8'));
    data.dbattributeentries.DB_FROM_THE_FUTURE = { Key: 'DB_FROM_THE_FUTURE', Value: 'yes' };
    const future = join(dir, 'future.json');
    writeFileSync(future, JSON.stringify(data));
    const target = config();
    const run = await cli('db', 'import', '--heketi-export', future, '--config', target.file);
    expect(run.status).toBe(255);
    expect(run.stderr).toContain('unknown db attributes are present');
    expect(run.stderr).toContain('DB_FROM_THE_FUTURE');

    const broken = join(dir, 'broken.json');
    writeFileSync(broken, JSON.stringify({ nodeentries: { x: { Info: { id: 5 } } } }));
    const bad = await cli('db', 'import', '--heketi-export', broken, '--config', target.file);
    expect(bad.status).toBe(255);
    expect(bad.stderr).toMatch(/^Error: not a Heketi export: nodeentries\.x\./);
    expect(JSON.parse(dumpOf(target.db)).clusterentries).toEqual({});
  });

  it('export never overwrites a file and writes to stdout with -', async () => {
    const target = config();
    expect((await cli('db', 'import', '--heketi-export', HEKETI_EXPORT, '--config', target.file)).status).toBe(0);
    const existing = join(dir, 'exists.json');
    writeFileSync(existing, 'keep me');
    const refused = await cli('db', 'export', '--jsonfile', existing, '--config', target.file);
    expect(refused.status).toBe(255);
    expect(refused.stderr).toBe(`Error: ${existing} file already exists\n`);
    expect(readFileSync(existing, 'utf8')).toBe('keep me');
    const toStdout = await cli('db', 'export', '--jsonfile', '-', '--config', target.file);
    expect(toStdout.status).toBe(0);
    expect(toStdout.stdout).toBe(dumpOf(target.db));
    expect(existsSync(join(dir, '-'))).toBe(false);
  });

  it('an imported database serves Heketi answers and a clean db check', async () => {
    const target = config();
    expect((await cli('db', 'import', '--heketi-export', HEKETI_EXPORT, '--config', target.file)).status).toBe(0);
    const s = await TestServer.start((c) => {
      c.glusterfs.db = target.db;
    });
    try {
      const original = JSON.parse(readFileSync(HEKETI_EXPORT, 'utf8'));
      const clusters = (await s.request('GET', '/clusters')).json();
      expect(clusters.clusters).toEqual(Object.keys(original.clusterentries));
      const nodeId = Object.keys(original.nodeentries)[0]!;
      const node = (await s.request('GET', `/nodes/${nodeId}`)).json();
      expect(node.hostnames).toEqual(original.nodeentries[nodeId].Info.hostnames);
      expect(node.devices.map((d: { id: string }) => d.id)).toEqual(original.nodeentries[nodeId].Devices);
      const check = (await s.request('GET', '/db/check')).json();
      expect(check.totalinconsistencies).toBe(0);
      expect(check.volumes.total).toBe(5);
      expect(check.bricks.ok).toBe(18);
    } finally {
      await s.dispose();
    }
  });

  it('db consistency-check prints the same report as GET /db/check', async () => {
    const target = config();
    expect((await cli('db', 'import', '--heketi-export', HEKETI_EXPORT, '--config', target.file)).status).toBe(0);
    const run = await cli('db', 'consistency-check', '--config', target.file);
    expect(run.status).toBe(0);
    expect(run.stdout.startsWith('{\n    "clusters": {\n        "total": 2,')).toBe(true);
    expect(JSON.parse(run.stdout).totalinconsistencies).toBe(0);
  });
});
