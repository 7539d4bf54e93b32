import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MockExecutor } from '../../src/executor/mock-executor.js';
import { adminCli as cli } from '../helpers/cli.js';
import { TestServer } from '../helpers/server.js';
import { seedTopology, type SeededTopology } from '../helpers/topology.js';

const r3 = { size: 1, durability: { type: 'replicate', replicate: { replica: 3 } } };

describe('examine and drift over the mock executor', () => {
  let s: TestServer;
  let t: SeededTopology;
  let mock: MockExecutor;
  let volume: { id: string; name: string; bricks: { id: string; path: string }[] };

  beforeAll(async () => {
    s = await TestServer.start();
    t = await seedTopology(s, 3, 1);
    mock = s.server.services.ctx.executor as unknown as MockExecutor;
    volume = (await s.follow(await s.request('POST', '/volumes', r3)).then((r) => s.request('GET', r.headers.get('location')!))).json();
  });
  afterAll(async () => s.dispose());

  it('GET /internal/state/examine/gluster answers Heketi’s shape, indented, from every node', async () => {
    const r = await s.request('GET', '/internal/state/examine/gluster');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/json; charset=UTF-8');
    expect(r.text.startsWith('{\n    "heketidb": {')).toBe(true);
    const body = r.json();
    expect(Object.keys(body)).toEqual(['heketidb', 'report', 'clusters']);
    expect(body.report).toEqual(['OnDemand Examiner invoked while 0 ops are in flight', 'heketi volume list matches with volume list of all nodes']);
    expect(body.clusters).toHaveLength(1);
    expect(body.clusters[0].ClusterHeketiID).toBe(t.clusterId);
    const nodes = body.clusters[0].NodesData;
    expect(nodes.map((n: { NodeHeketiID: string }) => n.NodeHeketiID)).toEqual([...t.nodeIds].sort());
    expect(Object.keys(nodes[0])).toEqual(['NodeHeketiID', 'VolumeInfo', 'LVMPVInfo', 'LVMVGInfo', 'LVMLVInfo', 'BricksMountStatus', 'BlockVolumeNames']);
    expect(nodes[0].VolumeInfo.Volumes.VolumeList[0].VolumeName).toBe(volume.name);
    expect(nodes[0].LVMLVInfo.report[0].lv).toHaveLength(2);
    expect(nodes[0].LVMVGInfo.report[0].vg[0]).toHaveProperty(['pv_count:'], '');
    expect(nodes[0].BricksMountStatus.Statuses[0]).toMatchObject({ Type: 'xfs', Mounted: true });
    expect(nodes[0].BlockVolumeNames).toBeNull();
    expect(Object.keys(body.heketidb.volumeentries)).toEqual([volume.id]);
  });

  it('reports a node that cannot answer in Heketi’s words, and the mismatch of volume lists', async () => {
    mock.faults.replace([{ method: 'lvs', nth: null, action: { kind: 'fail' } }]);
    mock.tamper((m) => (m.volumes['handmade'] = { bricks: [] }));
    try {
      const body = (await s.request('GET', '/internal/state/examine/gluster')).json();
      expect(body.report.filter((l: string) => l.startsWith('could not fetch LVM lvs data from node'))).toHaveLength(3);
      expect(body.report.filter((l: string) => l.startsWith('heketi volume list does not match with volume list of node'))).toHaveLength(3);
      expect(body.clusters[0].NodesData[0].LVMLVInfo).toBeNull();
    } finally {
      mock.faults.replace([]);
      mock.tamper((m) => delete m.volumes['handmade']);
    }
  });

  it('GET /internal/state/drift: none, then an unmounted brick with its evidence', async () => {
    expect((await s.request('GET', '/internal/state/drift')).json().findings).toEqual([]);
    const brick = volume.bricks[0]!;
    mock.tamper((m) => (m.bricks[brick.id]!.mounted = false));
    const report = (await s.request('GET', '/internal/state/drift')).json();
    expect(report.findings.map((f: { class: string; kind: string }) => [f.class, f.kind])).toEqual([['unmounted', 'brick-unmounted']]);
    expect(report.findings[0].evidence[0]).toMatchObject({ command: 'mount', line: `nothing mounted on ${brick.path.replace(/\/brick$/, '')}` });
    expect(report).toMatchObject({ nodes: 3, volumes: 1, notChecked: [] });
    mock.tamper((m) => (m.bricks[brick.id]!.mounted = true));
  });

  it('the CLI prints Heketi’s examine body as is, and the drift table', async () => {
    const examine = await cli(s, ['server', 'state', 'examine', 'gluster']);
    expect(examine.code).toBe(0);
    expect(JSON.parse(examine.out).report[1]).toBe('heketi volume list matches with volume list of all nodes');
    mock.tamper((m) => (m.volumes['handmade'] = { bricks: ['10.9.9.9:/data/b'] }));
    const drift = await cli(s, ['state', 'drift']);
    mock.tamper((m) => delete m.volumes['handmade']);
    expect(drift.code).toBe(0);
    expect(drift.out).toMatch(/^Drift: 1 finding\(s\) on 3 node\(s\), 1 volume\(s\); nodes read in \d+\.\d\d s\n/);
    expect(drift.out).toContain('orphan     orphan-volume          -                volume handmade');
    expect(drift.out).toContain('$ gluster volume info --xml: volume handmade (Distribute, Started): 10.9.9.9:/data/b');
  });
});

describe('the periodic examiner (off by default)', () => {
  it('is off unless an interval is set; with one, /metrics carries heketi_ts_drift_* from each pass', async () => {
    const off = await TestServer.start();
    try {
      expect((await off.request('GET', '/metrics')).text).toContain('heketi_ts_drift_findings');
      expect((await off.request('GET', '/metrics')).text).toContain('heketi_ts_drift_last_examine_timestamp_seconds 0\n');
    } finally {
      await off.dispose();
    }
    const s = await TestServer.start((c) => {
      c.glusterfs.driftExamineIntervalSeconds = 0.1;
    });
    try {
      await seedTopology(s, 3, 1);
      const mock = s.server.services.ctx.executor as unknown as MockExecutor;
      mock.tamper((m) => (m.volumes['handmade'] = { bricks: ['10.9.9.9:/data/b'] }));
      let metrics = '';
      for (let i = 0; i < 200 && !metrics.includes('kind="orphan-volume"} 1'); i++) {
        await new Promise((r) => setTimeout(r, 25));
        metrics = (await s.request('GET', '/metrics')).text;
      }
      expect(metrics).toContain('heketi_ts_drift_findings{class="orphan",kind="orphan-volume"} 1');
      expect(metrics).toMatch(/heketi_ts_drift_last_examine_timestamp_seconds [1-9]/);
    } finally {
      await s.dispose();
    }
  });
});
