/**
 * The settings that restore Heketi's answers where heketi-ts adds to them (README "Differences
 * from Heketi"): `error_details: false` answers Heketi's texts exactly (No space, the 422 parse
 * text, node add without glusterd), `retry_after_seconds: 0`
 * sends a 429 without Retry-After. The conformance replay holds the same settings to Heketi's
 * recorded answers; this checks them against the defaults, over real HTTP.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { MockExecutor } from '../../src/executor/mock-executor.js';
import { parseFaults } from '../../src/executor/mock-faults.js';
import { dumpTables } from '../helpers/crash-db.js';
import { TestServer, type ConfigPatch } from '../helpers/server.js';
import { seedTopology } from '../helpers/topology.js';

const r3 = (size: number) => ({ size, durability: { type: 'replicate', replicate: { replica: 3 } } });

describe("Heketi's own texts and headers, by setting", () => {
  let s: TestServer | undefined;
  afterEach(async () => {
    await s?.dispose();
    s = undefined;
  });

  async function start(patch?: ConfigPatch): Promise<TestServer> {
    s = await TestServer.start(patch);
    await seedTopology(s, 3, 1);
    return s;
  }

  it.each([
    [true, /^Failed to allocate new volume: No space: .+\n$/, /^request unable to be parsed: json: cannot unmarshal string into Go struct field VolumeCreateRequest\.size of type int\n$/],
    [false, /^Failed to allocate new volume: No space\n$/, /^request unable to be parsed\n$/],
  ])('error_details %s: No space and the 422 parse text', async (details, noSpace, parse) => {
    const server = await start((c) => (c.errorDetails = details));
    const before = dumpTables(server.config.glusterfs.db);
    const full = await server.request('POST', '/volumes', r3(100_000));
    expect(full.status).toBe(500);
    expect(full.text).toMatch(noSpace);
    const bad = await server.request('POST', '/volumes', { size: 'one' });
    expect(bad.status).toBe(422);
    expect(bad.text).toMatch(parse);
    expect(dumpTables(server.config.glusterfs.db)).toBe(before);
  });

  it.each([
    [true, /^None of the nodes in cluster has glusterd running: mock failure injected at glusterdCheck(; mock failure injected at glusterdCheck)*\n$/],
    [false, /^None of the nodes in cluster has glusterd running\n$/],
  ])('error_details %s: node add while no node answers for glusterd', async (details, text) => {
    const server = await start((c) => (c.errorDetails = details));
    const cluster = (await server.request('GET', '/clusters')).json<{ clusters: string[] }>().clusters[0];
    (server.server.services.ctx.executor as MockExecutor).faults.replace(parseFaults('glusterdCheck=fail'));
    const before = dumpTables(server.config.glusterfs.db);
    const r = await server.request('POST', '/nodes', { zone: 1, cluster, hostnames: { manage: ['10.9.9.9'], storage: ['10.9.9.9'] } });
    expect(r.status).toBe(400);
    expect(r.text).toMatch(text);
    expect(dumpTables(server.config.glusterfs.db)).toBe(before);
  });

  it.each([
    [5, '5'],
    [0, null],
  ])('retry_after_seconds %s: the 429 carries Retry-After %s (null: none, as Heketi)', async (seconds, header) => {
    const server = await start((c) => {
      c.glusterfs.maxInflightOperations = 1;
      c.retryAfterSeconds = seconds;
      c.throttleWaitSeconds = 0;
    });
    (server.server.services.ctx.executor as MockExecutor).faults.replace(parseFaults('*=delay:1000'));
    const first = await server.request('POST', '/volumes', r3(1));
    expect(first.status).toBe(202);
    const busy = await server.request('POST', '/volumes', r3(1));
    expect([busy.status, busy.text, busy.headers.get('retry-after')]).toEqual([429, 'Server busy. Retry operation later.\n', header]);
    expect((await server.follow(first)).status).toBe(303);
  });
});
