import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { BlockVolume, Brick, Volume } from '../../domain/entities.js';
import { openStore, type Store } from '../../store/store.js';
import { goJson } from '../http/go-json.js';
import { toVolumeInfo } from './volume.js';
import { VolumeInfoJson } from './volume-info-json.js';

const id = (c: string, n = 0) => n.toString(16).padStart(32, c);
const ONE_NODE = id('a');
const MANY_NODES = id('b');
const NO_NODES = id('c');
/** Hostnames no validation would let in, to see Go's and JSON's escaping in the mount part. */
const ODD_HOSTS = ['10.0.0.1', 'host<2>&co', 'h\u2028st', 'q"u\\ote', 'ünï.example', '10.0.0.6', '10.0.0.7'];

const volume = (n: number, clusterId: string, over: Partial<Volume> = {}): Volume => ({
  id: id('e', n),
  clusterId,
  name: `vol_${n}`,
  sizeGib: 10 + n,
  durability: { type: 'replicate', replicate: { replica: 3 }, disperse: {} },
  gid: 0,
  block: false,
  snapshot: { enable: false, factor: 1 },
  glusterVolumeOptions: [],
  blockInfo: { freeSizeGib: 0, reservedSizeGib: 0, restriction: '' },
  pendingOpId: null,
  ...over,
});

/** Volumes covering every optional field of VolumeInfoResponse, on and off. */
const VOLUMES: Volume[] = [
  volume(1, MANY_NODES, { gid: 2001, snapshot: { enable: true, factor: 1.5 }, glusterVolumeOptions: ['performance.rda-cache-limit 10MB', 'a<b>&c'] }),
  volume(2, MANY_NODES, { glusterVolumeOptions: ['user.heketi.arbiter true'] }),
  volume(3, ONE_NODE, { durability: { type: 'disperse', replicate: {}, disperse: { data: 4, redundancy: 2 } } }),
  volume(4, ONE_NODE, { durability: { type: 'disperse', replicate: {}, disperse: { data: 8 } } }),
  volume(5, ONE_NODE, { durability: { type: 'disperse', replicate: {}, disperse: { redundancy: 3 } } }),
  volume(6, ONE_NODE, { durability: { type: 'none', replicate: {}, disperse: {} } }),
  volume(7, ONE_NODE, { durability: { replicate: {}, disperse: {} } }),
  volume(8, MANY_NODES, {
    block: true,
    blockInfo: { freeSizeGib: 70, reservedSizeGib: 2, restriction: 'locked' },
    name: 'block_<&>\u2029"quoted"\\é😀',
  }),
  volume(9, MANY_NODES, { block: true, blockInfo: { freeSizeGib: 0, reservedSizeGib: 0, restriction: 'locked-by-update' } }),
  volume(10, NO_NODES, { name: '' }),
  volume(11, MANY_NODES, { durability: { type: 'replicate', replicate: { replica: 2 }, disperse: {} }, snapshot: { enable: true, factor: 1 } }),
];

const brick = (v: Volume, k: number, nodeId: string, deviceId: string): Brick => ({
  id: id(String.fromCharCode(0x66 + (k % 3)), v.sizeGib * 16 + k),
  deviceId,
  nodeId,
  volumeId: v.id,
  path: `/var/lib/heketi/mounts/vg_${deviceId}/brick_${k}/brick`,
  sizeKib: 1024 * 1024 * (k + 1),
  tpSizeKib: 1024 * 1024,
  poolMetadataSizeKib: 8192,
  subType: 'normal',
  lvmThinPool: `tp_${k}`,
  lvmLv: `brick_${k}`,
  position: 5 - k,
  pendingOpId: null,
});

const blockVolume = (n: number, bhv: Volume, pendingOpId: string | null): BlockVolume => ({
  id: id('9', n),
  clusterId: bhv.clusterId,
  blockHostingVolumeId: bhv.id,
  name: `blockvol_${n}`,
  sizeGib: 1,
  usableSizeGib: 1,
  hacount: 3,
  auth: false,
  hosts: [],
  iqn: '',
  lun: 0,
  username: '',
  password: '',
  pendingOpId,
});

describe('VolumeInfoJson', () => {
  const dirs: string[] = [];
  const stores: Store[] = [];
  afterEach(() => {
    for (const s of stores.splice(0)) s.close();
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  function seeded(): Store {
    const dir = mkdtempSync(join(tmpdir(), 'heketi-ts-volinfo-'));
    dirs.push(dir);
    const store = openStore(join(dir, 'heketi.db'));
    stores.push(store);
    store.tx(() => {
      for (const c of [ONE_NODE, MANY_NODES, NO_NODES]) store.clusters.insert({ id: c, block: c === MANY_NODES, file: true });
      const nodeIds = ODD_HOSTS.map((_, i) => id('d', i));
      // Inserted out of id order: the mount hosts are in node-id order.
      ODD_HOSTS.forEach((host, i) => {
        const n = ODD_HOSTS.length - 1 - i;
        store.nodes.insert({ id: nodeIds[n]!, clusterId: MANY_NODES, zone: 1, manageHostnames: [`m${n}`], storageHostnames: [ODD_HOSTS[n]!, `second${n}`], tags: {}, state: 'online' });
      });
      store.nodes.insert({ id: id('1'), clusterId: ONE_NODE, zone: 1, manageHostnames: ['solo'], storageHostnames: ['192.168.0.1'], tags: {}, state: 'online' });
      const devices = [...nodeIds, id('1')].map((nodeId, i) => {
        const d = id('5', i);
        store.devices.insert({ id: d, nodeId, name: `/dev/sd${i}`, tags: {}, state: 'online', totalKib: 1e9, freeKib: 1e9, usedKib: 0, extentSizeKib: 4096, paths: [], pvUuid: '' });
        return { d, nodeId };
      });
      for (const v of VOLUMES) store.volumes.insert(v);
      VOLUMES.forEach((v, n) => {
        if (v.clusterId === NO_NODES || n === 1) return; // volume 2: no bricks
        const count = v.durability.type === 'disperse' ? 6 : 3;
        const pool = v.clusterId === ONE_NODE ? devices.slice(-1) : devices.slice(0, -1);
        for (let k = 0; k < count; k++) {
          const { d, nodeId } = pool[k % pool.length]!;
          store.bricks.insert(brick(v, k, nodeId, d));
        }
      });
      // A path no validation would let in: json_quote (the bricks' text) must escape as JSON.stringify does.
      store.bricks.insert({ ...brick(VOLUMES[0]!, 9, nodeIds[0]!, devices[0]!.d), path: '/p/"q"\\\n\t\u0001\u007f<&>\u2028é😀' });
      store.blockVolumes.insert(blockVolume(2, VOLUMES[7]!, null));
      store.blockVolumes.insert(blockVolume(1, VOLUMES[7]!, null));
      store.blockVolumes.insert(blockVolume(3, VOLUMES[7]!, id('0')));
    });
    return store;
  }

  const reference = (store: Store, v: Volume) => goJson(toVolumeInfo(store, v));
  const viewOf = (store: Store, v: Volume) => store.volumes.infoView(v.id)!.view;

  it('writes byte for byte what goJson(toVolumeInfo) writes, with and without a stamp', () => {
    const store = seeded();
    const json = new VolumeInfoJson(store);
    const stamp = store.changes.current();
    expect(stamp).not.toBeNull();
    for (const v of VOLUMES) {
      const expected = reference(store, v);
      expect(json.render(viewOf(store, v), null)).toBe(expected);
      expect(json.render(viewOf(store, v), stamp)).toBe(expected);
      // the second time from the kept mount part
      expect(json.render(viewOf(store, v), stamp)).toBe(expected);
    }
  });

  it('covers what it claims to: escaping, omitted zero fields, block volumes, empty bricks and hosts', () => {
    const store = seeded();
    const json = new VolumeInfoJson(store);
    const [odd, noBricks, noHosts] = [VOLUMES[7]!, VOLUMES[1]!, VOLUMES[9]!].map((v) => json.render(viewOf(store, v), store.changes.current()));
    expect(odd).toContain('host\\u003c2\\u003e\\u0026co');
    expect(odd).toContain('\\u2029');
    expect(odd).toContain(`"blockvolume":["${id('9', 1)}","${id('9', 2)}"]`);
    expect(odd).toContain('"restriction":"locked"');
    expect(noBricks).toContain('"bricks":[]');
    expect(noHosts).toContain('"hosts":[],"device":":"');
    expect(json.render(viewOf(store, VOLUMES[0]!), null)).toContain('"path":"/p/\\"q\\"\\\\\\n\\t\\u0001\u007f\\u003c\\u0026\\u003e\\u2028é😀"');
    expect(JSON.parse(odd)).toEqual(JSON.parse(reference(store, VOLUMES[7]!)));
  });

  it('drops the kept mount hosts when the stamp moves (a node added to the cluster)', () => {
    const store = seeded();
    const json = new VolumeInfoJson(store);
    const v = VOLUMES[2]!;
    const before = json.render(viewOf(store, v), store.changes.current());
    store.tx(() =>
      store.nodes.insert({ id: id('2'), clusterId: ONE_NODE, zone: 2, manageHostnames: ['duo'], storageHostnames: ['192.168.0.2'], tags: {}, state: 'online' }),
    );
    const after = json.render(viewOf(store, v), store.changes.current());
    expect(after).not.toBe(before);
    expect(after).toContain('"backup-volfile-servers":"192.168.0.2"');
    expect(after).toBe(reference(store, v));
  });
});
