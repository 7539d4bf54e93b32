import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Device, Node } from '../../domain/entities.js';
import { openStore, type Store } from '../../store/store.js';
import { BodyCache, BUFFER_FROM_BYTES } from '../http/body-cache.js';
import { goJson } from '../http/go-json.js';
import { toNodeInfo } from './device.js';
import { deviceInfoKey, NodeInfoJson } from './node-info-json.js';

const id = (c: string, n = 0) => c + n.toString(16).padStart(31, '0');
const CLUSTER = id('c');
const VOLUME = id('e');

const node = (n: number, over: Partial<Node> = {}): Node => ({
  id: id('d', n),
  clusterId: CLUSTER,
  zone: n,
  manageHostnames: [`manage-${n}`],
  storageHostnames: [`10.0.0.${n}`],
  tags: {},
  state: 'online',
  ...over,
});

const device = (n: number, nodeId: string, over: Partial<Device> = {}): Device => ({
  id: id('5', n),
  nodeId,
  name: `/dev/sd${n}`,
  tags: {},
  state: 'online',
  totalKib: 1e9,
  freeKib: 1e9 - n,
  usedKib: n,
  extentSizeKib: 4096,
  paths: [],
  pvUuid: '',
  ...over,
});

/** Nodes covering NodeInfoResponse's optional parts: tags, no devices, odd text, a device body kept as a Buffer. */
const NODES = [
  node(1, { tags: { zeta: 'z', alpha: 'a<&>' } }),
  node(2),
  node(3, { manageHostnames: ['odd<host>&\u2028'], state: 'offline' }),
  node(4),
];

describe('NodeInfoJson', () => {
  const dirs: string[] = [];
  const stores: Store[] = [];
  afterEach(() => {
    for (const s of stores.splice(0)) s.close();
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  function seeded(): Store {
    const dir = mkdtempSync(join(tmpdir(), 'heketi-ts-nodeinfo-'));
    dirs.push(dir);
    const store = openStore(join(dir, 'heketi.db'));
    stores.push(store);
    store.tx(() => {
      store.clusters.insert({ id: CLUSTER, block: false, file: true });
      for (const n of NODES) store.nodes.insert(n);
      // Node 2 has none; node 4's only device has enough bricks for a body kept as a Buffer.
      const devices = [
        device(3, NODES[0]!.id, { tags: { b: '2', a: '1' }, paths: ['/dev/disk/by-id/x'], pvUuid: 'pv-1' }),
        device(1, NODES[0]!.id),
        device(2, NODES[2]!.id, { name: '/dev/"quoted"\\é' }),
        device(4, NODES[3]!.id),
      ];
      for (const d of devices) store.devices.insert(d);
      store.volumes.insert({
        id: VOLUME,
        clusterId: CLUSTER,
        name: 'vol',
        sizeGib: 1,
        durability: { type: 'replicate', replicate: { replica: 3 }, disperse: {} },
        gid: 0,
        block: false,
        snapshot: { enable: false, factor: 1 },
        glusterVolumeOptions: [],
        blockInfo: { freeSizeGib: 0, reservedSizeGib: 0, restriction: '' },
        pendingOpId: null,
      });
      const bricksOn = (d: Device, count: number, from: number) => {
        for (let k = from; k < from + count; k++) {
          store.bricks.insert({
            id: id('b', k),
            deviceId: d.id,
            nodeId: d.nodeId,
            volumeId: VOLUME,
            path: `/var/lib/heketi/mounts/vg_${d.id}/brick_${id('b', k)}/brick`,
            sizeKib: 1024 + k,
            tpSizeKib: 1024,
            poolMetadataSizeKib: 8,
            subType: 'normal',
            lvmThinPool: `tp_${k}`,
            lvmLv: `brick_${k}`,
            position: k,
            pendingOpId: null,
          });
        }
      };
      bricksOn(devices[0]!, 2, 0);
      bricksOn(devices[2]!, 1, 10);
      bricksOn(devices[3]!, 100, 100);
    });
    return store;
  }

  const reference = (store: Store, n: Node) => goJson(toNodeInfo(store, store.nodes.get(n.id)!));
  const nodeById = (store: Store) => (nodeId: string) => store.nodes.get(nodeId) ?? (() => { throw new Error('404'); })();

  it('writes byte for byte what goJson(toNodeInfo) writes: from built device bodies, kept ones, and with the cache off', () => {
    const store = seeded();
    const on = new BodyCache(() => store.changes.current(), 1 << 20);
    const off = new BodyCache(() => store.changes.current(), 0);
    const json = new NodeInfoJson(store, on, nodeById(store));
    const offJson = new NodeInfoJson(store, off, nodeById(store));
    for (const n of NODES) {
      const expected = reference(store, n);
      // first (built), second (counted twice, kept) and third (from the kept device bodies) time
      for (let i = 0; i < 3; i++) expect(json.render(n.id)).toBe(expected);
      expect(offJson.render(n.id)).toBe(expected);
    }
    expect(on.size().entries).toBe(4); // the device bodies, not the node bodies
    expect(on.lookups().hits).toBeGreaterThanOrEqual(4);
    expect(reference(store, NODES[3]!).length).toBeGreaterThan(BUFFER_FROM_BYTES);
    expect(reference(store, NODES[1]!)).toContain('"devices":[]}');
    expect(reference(store, NODES[0]!)).toContain('"tags":{"alpha":"a\\u003c\\u0026\\u003e","zeta":"z"}');
  });

  it('answers from what the device route keeps, and with the database as it is after a change', () => {
    const store = seeded();
    const cache = new BodyCache(() => store.changes.current(), 1 << 20);
    const json = new NodeInfoJson(store, cache, nodeById(store));
    const n = NODES[0]!;
    const kept = cache.currentStamp();
    // What GET /devices/{id} would have kept for one of the node's devices, under the same stamp.
    cache.getUnder(kept, deviceInfoKey(id('5', 1)), () => 'x');
    cache.getUnder(kept, deviceInfoKey(id('5', 1)), () => '{"kept":true}\n');
    expect(json.render(n.id)).toContain('{"kept":true}');
    store.tx(() => store.devices.update({ ...store.devices.get(id('5', 1))!, state: 'offline' }));
    const after = json.render(n.id);
    expect(after).toBe(reference(store, n));
    expect(after).toContain('"state":"offline"');
    store.tx(() => store.devices.insert(device(9, n.id)));
    expect(json.render(n.id)).toBe(reference(store, n));
    expect(json.render(n.id)).toContain(id('5', 9));
  });

  it('answers a missing node with the lookup’s error', () => {
    const store = seeded();
    const json = new NodeInfoJson(store, new BodyCache(() => store.changes.current(), 1 << 20), nodeById(store));
    expect(() => json.render(id('f'))).toThrow('404');
  });
});
