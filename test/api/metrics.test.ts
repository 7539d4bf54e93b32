import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestServer } from '../helpers/server.js';
import { seedTopology, type SeededTopology } from '../helpers/topology.js';

/** The value of one exposition line, found by its exact name-and-labels prefix. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('GET /metrics', () => {
  let s: TestServer;
  let topo: SeededTopology;

  beforeAll(async () => {
    s = await TestServer.start();
    topo = await seedTopology(s, 3, 1);
  });
  afterAll(async () => {
    await s.dispose();
  });

  it('is served without a token, in Prometheus text format', async () => {
    const r = await s.request('GET', '/metrics', undefined, { authorization: '' });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('text/plain');
    expect(r.text).toContain('# TYPE heketi_up gauge');
    expect(sample(r.text, 'heketi_up')).toBe(1);
  });

  it("has Heketi's gauges with its names, sorted labels and KiB plus _bytes values", async () => {
    const text = (await s.request('GET', '/metrics', undefined, { authorization: '' })).text;
    const c = topo.clusterId;
    expect(sample(text, 'heketi_cluster_count')).toBe(1);
    expect(sample(text, `heketi_nodes_count{cluster="${c}"}`)).toBe(3);
    expect(sample(text, `heketi_volumes_count{cluster="${c}"}`)).toBe(0);
    expect(sample(text, `heketi_block_volumes_count{cluster="${c}"}`)).toBe(0);
    expect(sample(text, `heketi_device_count{cluster="${c}",hostname="10.0.0.1",storage_hostname="10.0.0.1"}`)).toBe(1);
    const device = s.server.services.store.devices.get(topo.deviceIds[0]!)!;
    const labels = `{cluster="${c}",device="${device.name}",hostname="10.0.0.1",id="${device.id}",pv_uuid="${device.pvUuid}",storage_hostname="10.0.0.1"}`;
    expect(sample(text, `heketi_device_size${labels}`)).toBe(device.totalKib);
    expect(sample(text, `heketi_device_free${labels}`)).toBe(device.freeKib);
    expect(sample(text, `heketi_device_used${labels}`)).toBe(device.usedKib);
    expect(sample(text, `heketi_device_size_bytes${labels}`)).toBe(device.totalKib * 1024);
    expect(sample(text, `heketi_device_free_bytes${labels}`)).toBe(device.freeKib * 1024);
    expect(sample(text, `heketi_device_brick_count${labels}`)).toBe(0);
    for (const name of ['stale', 'failed', 'new', 'total', 'inFlight']) {
      expect(sample(text, `heketi_operations_${name}_count`)).toBe(0);
    }
  });

  it('follows the database at every scrape', async () => {
    const created = await s.run('POST', '/volumes', { size: 1, durability: { type: 'replicate', replicate: { replica: 3 } } });
    expect(created.status).toBe(200);
    const text = (await s.request('GET', '/metrics', undefined, { authorization: '' })).text;
    expect(sample(text, `heketi_volumes_count{cluster="${topo.clusterId}"}`)).toBe(1);
    const device = s.server.services.store.devices.get(topo.deviceIds[0]!)!;
    expect(device.usedKib).toBeGreaterThan(0);
    const used = text.split('\n').find((l) => l.startsWith('heketi_device_used{') && l.includes(`id="${device.id}"`));
    expect(used).toBe(`heketi_device_used{cluster="${topo.clusterId}",device="${device.name}",hostname="10.0.0.1",id="${device.id}",pv_uuid="${device.pvUuid}",storage_hostname="10.0.0.1"} ${device.usedKib}`);
    // Every device's bricks, counted in one query for all devices.
    const brickCounts = topo.deviceIds.map((id) => {
      const line = text.split('\n').find((l) => l.startsWith('heketi_device_brick_count{') && l.includes(`id="${id}"`));
      return [Number(line?.split(' ').pop()), s.server.services.store.bricks.listByDevice(id).length];
    });
    expect(brickCounts.reduce((sum, [shown]) => sum + shown!, 0)).toBeGreaterThanOrEqual(3);
    for (const [shown, stored] of brickCounts) expect(shown).toBe(stored);
  });

  it("adds process metrics and heketi-ts's own latency histogram and in-flight gauge", async () => {
    await s.request('GET', '/clusters');
    const text = (await s.request('GET', '/metrics', undefined, { authorization: '' })).text;
    expect(text).toContain('process_cpu_user_seconds_total');
    expect(text).toContain('nodejs_eventloop_lag_seconds');
    expect(sample(text, 'heketi_ts_operations_in_flight')).toBe(0);
    const count = sample(text, 'heketi_ts_http_request_duration_seconds_count{method="GET",route="/clusters",status="200"}');
    expect(count).toBeGreaterThanOrEqual(1);
    expect(text).toMatch(/heketi_ts_http_request_duration_seconds_count\{method="GET",route="\/nodes\/:id",status="200"\} \d+/);
    expect(text).toContain('# TYPE heketi_ts_operation_duration_seconds histogram');
  });

  it('reports what the response cache holds and how often it answered', async () => {
    const before = (await s.request('GET', '/metrics', undefined, { authorization: '' })).text;
    const node = `/nodes/${topo.nodeIds[0]!}`;
    // Kept from its second request on: the third is a hit at the latest.
    for (let i = 0; i < 3; i++) expect((await s.request('GET', node)).status).toBe(200);
    const after = (await s.request('GET', '/metrics', undefined, { authorization: '' })).text;
    const grew = (series: string) => sample(after, series)! - sample(before, series)!;
    expect(grew('heketi_ts_response_cache_hits_total')).toBeGreaterThanOrEqual(1);
    expect(grew('heketi_ts_response_cache_hits_total') + grew('heketi_ts_response_cache_misses_total')).toBe(3);
    expect(sample(after, 'heketi_ts_response_cache_entries')).toBeGreaterThanOrEqual(1);
    expect(sample(after, 'heketi_ts_response_cache_bytes')).toBeGreaterThan(0);
  });

  it('reports the volume records volume infos are written from, each made again when its volume changes', async () => {
    const created = (await s.run('POST', '/volumes', { size: 1, durability: { type: 'replicate', replicate: { replica: 3 } } })).json() as { id: string };
    const path = `/volumes/${created.id}`;
    const before = (await s.request('GET', '/metrics', undefined, { authorization: '' })).text;
    // run() read the volume after its operation (the 303): that read kept the record, so the next
    // one is written from it, and the response cache, keeping a body from its second request on,
    // answers the two after it.
    const bodies = [];
    for (let i = 0; i < 3; i++) bodies.push((await s.request('GET', path)).text);
    const after = (await s.request('GET', '/metrics', undefined, { authorization: '' })).text;
    const grew = (series: string) => sample(after, series)! - sample(before, series)!;
    expect(grew('heketi_ts_volume_cache_misses_total')).toBe(0);
    expect(grew('heketi_ts_volume_cache_hits_total')).toBe(1);
    expect(grew('heketi_ts_response_cache_hits_total')).toBe(2);
    // The record of the volume an earlier test created is kept too: no write since changed it.
    expect(sample(after, 'heketi_ts_volume_cache_entries')).toBe(sample(before, 'heketi_ts_volume_cache_entries'));
    expect(sample(after, 'heketi_ts_volume_cache_entries')).toBeGreaterThanOrEqual(1);
    expect(sample(after, 'heketi_ts_volume_cache_bytes')).toBeGreaterThan(0);
    expect(new Set(bodies).size).toBe(1);
    expect(JSON.parse(bodies[0]!)).toMatchObject({ id: created.id, size: 1 });

    expect((await s.run('POST', `${path}/expand`, { expand_size: 1 })).status).toBe(200);
    expect(JSON.parse((await s.request('GET', path)).text)).toMatchObject({ id: created.id, size: 2 });
    // The expansion moved this volume's revision (its row and bricks), so its record was made again.
    const expanded = (await s.request('GET', '/metrics', undefined, { authorization: '' })).text;
    expect(sample(expanded, 'heketi_ts_volume_cache_misses_total')! - sample(after, 'heketi_ts_volume_cache_misses_total')!).toBeGreaterThanOrEqual(1);
    expect(sample(expanded, 'heketi_ts_volume_cache_entries')).toBe(sample(after, 'heketi_ts_volume_cache_entries'));
  });
});
