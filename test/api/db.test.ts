import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dumpDatabase } from '../../src/services/db-dump.js';
import { TestServer } from '../helpers/server.js';
import { seedTopology, type SeededTopology } from '../helpers/topology.js';

describe('GET /db/dump, /db/check, /backup/db', () => {
  let s: TestServer;
  let topo: SeededTopology;

  beforeAll(async () => {
    s = await TestServer.start();
    topo = await seedTopology(s, 3, 2);
    await s.request('POST', `/nodes/${topo.nodeIds[0]}/tags`, { tags: { rack: 'r1' }, change_type: 'set' });
  });
  afterAll(async () => {
    await s.dispose();
  });

  it('dumps every bucket in Heketi export shape, indented 4 spaces', async () => {
    const r = await s.request('GET', '/db/dump');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/json; charset=UTF-8');
    expect(r.text.startsWith('{\n    "clusterentries": {\n        "')).toBe(true);
    expect(r.text.endsWith('}\n')).toBe(true);
    const dump = r.json();
    expect(Object.keys(dump)).toEqual([
      'clusterentries',
      'volumeentries',
      'brickentries',
      'nodeentries',
      'deviceentries',
      'blockvolumeentries',
      'dbattributeentries',
      'pendingoperations',
    ]);
    expect(dump.clusterentries[topo.clusterId].Info).toEqual({
      id: topo.clusterId,
      nodes: [...topo.nodeIds].sort(),
      volumes: [],
      block: true,
      file: true,
      blockvolumes: [],
    });
    const node = dump.nodeentries[topo.nodeIds[0]!];
    expect(Object.keys(node)).toEqual(['State', 'Info', 'Devices']);
    expect(node.Info.tags).toEqual({ rack: 'r1' });
    expect(node.Devices).toHaveLength(2);
    const device = dump.deviceentries[node.Devices[0]];
    expect(Object.keys(device)).toEqual(['State', 'Info', 'Bricks', 'NodeId', 'ExtentSize']);
    expect(device.NodeId).toBe(topo.nodeIds[0]);
    expect(device.Info.storage.total).toBe(device.Info.storage.free + device.Info.storage.used);
    expect(Object.keys(dump.dbattributeentries)).toEqual([
      'DB_BRICK_HAS_SUBTYPE_FIELD',
      'DB_CLUSTER_HAS_FILE_BLOCK_FLAG',
      'DB_DEVICE_HAS_ID_META',
      'DB_GENERATION_ID',
      'DB_HAS_PENDING_OPS_BUCKET',
    ]);
    expect(dump.dbattributeentries.DB_HAS_PENDING_OPS_BUCKET).toEqual({ Key: 'DB_HAS_PENDING_OPS_BUCKET', Value: 'yes' });
  });

  it('dumpDatabase(store) is byte-identical to GET /db/dump', async () => {
    const r = await s.request('GET', '/db/dump');
    expect(dumpDatabase(s.server.services.store)).toBe(r.text);
  });

  it('a rejected request leaves the dump byte-identical', async () => {
    const before = dumpDatabase(s.server.services.store);
    const rejected = await s.request('POST', '/nodes', {
      zone: 1,
      cluster: topo.clusterId,
      hostnames: { manage: ['10.0.0.1'], storage: ['10.9.9.9'] },
    });
    expect(rejected.status).toBeGreaterThanOrEqual(400);
    expect(dumpDatabase(s.server.services.store)).toBe(before);
  });

  it('reports a consistent database in Heketi db-check shape', async () => {
    const r = await s.request('GET', '/db/check');
    expect(r.status).toBe(200);
    expect(r.text.startsWith('{\n    "clusters": {\n        "total": 1,')).toBe(true);
    const check = r.json();
    expect(Object.keys(check)).toEqual([
      'clusters',
      'volumes',
      'bricks',
      'nodes',
      'devices',
      'blockvolumes',
      'dbattributes',
      'pendingoperations',
      'totalinconsistencies',
    ]);
    expect(check.nodes).toEqual({ total: 3, pending: 0, ok: 3, notok: 0, inconsistencies: null });
    expect(check.devices).toEqual({ total: 6, pending: 0, ok: 6, notok: 0, inconsistencies: null });
    expect(check.dbattributes).toEqual({ total: 0, pending: 0, ok: 0, notok: 0, inconsistencies: null });
    expect(check.totalinconsistencies).toBe(0);
  });

  it('finds a device whose space does not add up', async () => {
    const store = s.server.services.store;
    const deviceId = topo.deviceIds[0]!;
    const device = store.devices.get(deviceId)!;
    store.tx(() => store.devices.update({ ...device, usedKib: device.usedKib + 10 }));
    try {
      const check = (await s.request('GET', '/db/check')).json();
      expect(check.devices.notok).toBe(1);
      expect(check.devices.inconsistencies).toEqual([
        `Device ${deviceId} size values differ Total(${device.totalKib}) != Free(${device.freeKib}) + Used(${device.usedKib + 10})`,
        `Device ${deviceId} size values differ Used(${device.usedKib + 10}) != aggregateBricksSize(0)`,
      ]);
      expect(check.totalinconsistencies).toBe(2);
    } finally {
      store.tx(() => store.devices.update(device));
    }
  });

  it('serves a consistent SQLite snapshot as an attachment', async () => {
    const res = await fetch(`${s.url}/backup/db`, { headers: { authorization: `bearer ${s.token('GET', '/backup/db')}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/octet-stream');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="heketi.db"');
    const body = Buffer.from(await res.arrayBuffer());
    expect(Number(res.headers.get('content-length'))).toBe(body.length);
    const dir = mkdtempSync(join(tmpdir(), 'heketi-ts-backup-'));
    try {
      writeFileSync(join(dir, 'copy.db'), body);
      const copy = new Database(join(dir, 'copy.db'), { readonly: true });
      const nodes = copy.prepare('SELECT id FROM nodes ORDER BY id').all() as { id: string }[];
      copy.close();
      expect(nodes.map((n) => n.id)).toEqual([...topo.nodeIds].sort());
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('needs an admin token', async () => {
    for (const path of ['/db/dump', '/db/check', '/backup/db']) {
      expect((await s.request('GET', path, undefined, { authorization: '' })).status).toBe(401);
      const asUser = await s.request('GET', path, undefined, { authorization: `bearer ${s.token('GET', path, 'user')}` });
      expect(asUser.status).toBe(401);
    }
  });
});
