import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { BlockVolume, Brick, Volume } from '../../domain/entities.js';
import { brickPath } from '../../domain/naming.js';
import { openStore, type Store } from '../../store/store.js';
import { BodyCache } from '../http/body-cache.js';
import { goJson } from '../http/go-json.js';
import { toVolumeInfo } from './volume.js';
import { VolumeInfoJson } from './volume-info-json.js';

const id = (c: string, n = 0) => n.toString(16).padStart(32, c);
/** A cluster id Go escapes (no validation would let it in): its mount part must still be found by it. */
const ONE_NODE = `${'a'.repeat(30)}<&`;
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
  volume(12, MANY_NODES, { name: `vol_${id('e', 12)}` }), // Heketi's default name
  volume(13, ONE_NODE, { name: `vol_${id('e', 13)}`, gid: 2013 }),
];
/** Bricks at paths heketi-ts would not choose (an imported database's): kept as text, not as ids. */
const ODD_PATHS = new Set([VOLUMES[6]!.id]);

function brick(v: Volume, k: number, nodeId: string, deviceId: string): Brick {
  const brickId = id(String.fromCharCode(0x66 + (k % 3)), v.sizeGib * 16 + k);
  return {
    id: brickId,
    deviceId,
    nodeId,
    volumeId: v.id,
    path: ODD_PATHS.has(v.id) ? brickPath(deviceId, brickId).replace('mounts', 'MOUNTS') : brickPath(deviceId, brickId),
    sizeKib: 1024 * 1024 * (k + 1),
    tpSizeKib: 1024 * 1024,
    poolMetadataSizeKib: 8192,
    subType: 'normal',
    lvmThinPool: `tp_${k}`,
    lvmLv: `brick_${k}`,
    position: 5 - k,
    pendingOpId: null,
  };
}

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
      // A path no validation would let in: kept as text, escaped as JSON.stringify and Go escape it.
      store.bricks.insert({ ...brick(VOLUMES[0]!, 9, nodeIds[0]!, devices[0]!.d), path: '/p/"q"\\\n\t\u0001\u007f<&>\u2028é😀' });
      // An id Go escapes, at the path heketi-ts would give it: text too, the id cannot go in as it is.
      store.bricks.insert({ ...brick(VOLUMES[10]!, 7, nodeIds[1]!, devices[1]!.d), id: 'a&b', path: brickPath(devices[1]!.d, 'a&b') });
      store.blockVolumes.insert(blockVolume(2, VOLUMES[7]!, null));
      store.blockVolumes.insert(blockVolume(1, VOLUMES[7]!, null));
      store.blockVolumes.insert(blockVolume(3, VOLUMES[7]!, id('0')));
    });
    return store;
  }

  const reference = (store: Store, v: Volume) => goJson(toVolumeInfo(store, v));
  /** The volume's rows as the route reads them, counted. */
  function reader(store: Store) {
    const reads: string[] = [];
    const read = (volumeId: string) => {
      reads.push(volumeId);
      return store.volumes.infoView(volumeId)!;
    };
    return { reads, read };
  }

  it('writes byte for byte what goJson(toVolumeInfo) writes: from the rows, from a kept record, without a stamp, with records off', () => {
    const store = seeded();
    const stamp = store.changes.current();
    expect(stamp).not.toBeNull();
    const kept = new VolumeInfoJson(store, 1 << 20);
    const off = new VolumeInfoJson(store, 0);
    const { reads, read } = reader(store);
    for (const v of VOLUMES) {
      const expected = reference(store, v);
      expect(kept.body(v.id, read)).toBe(expected);
      expect(kept.body(v.id, read)).toBe(expected); // from its record
      expect(store.db.transaction(() => kept.body(v.id, read))()).toBe(expected); // no stamp: read, not kept
      expect(off.body(v.id, read)).toBe(expected);
      expect(off.body(v.id, read)).toBe(expected);
    }
    // One read for the kept record, one inside the transaction, two with records off.
    expect(reads).toHaveLength(4 * VOLUMES.length);
    expect(kept.lookups()).toEqual({ hits: VOLUMES.length, misses: VOLUMES.length });
    expect(kept.size().entries).toBe(VOLUMES.length);
    expect(off.size()).toEqual({ entries: 0, bytes: 0 });
    expect(off.lookups()).toEqual({ hits: 0, misses: 0 });
  });

  it('covers what it claims to: escaping, omitted zero fields, block volumes, empty bricks and hosts, odd bricks', () => {
    const store = seeded();
    const json = new VolumeInfoJson(store, 1 << 20);
    const { read } = reader(store);
    const body = (v: Volume) => json.body(v.id, read);
    const [odd, noBricks, noHosts, oddBrickId, defaultName] = [VOLUMES[7]!, VOLUMES[1]!, VOLUMES[9]!, VOLUMES[10]!, VOLUMES[11]!].map(body);
    expect(odd).toContain('host\\u003c2\\u003e\\u0026co');
    expect(odd).toContain('\\u2029');
    expect(odd).toContain(`"blockvolume":["${id('9', 1)}","${id('9', 2)}"]`);
    expect(odd).toContain('"restriction":"locked"');
    expect(noBricks).toContain('"bricks":[]');
    expect(noHosts).toContain('"hosts":[],"device":":"');
    expect(body(VOLUMES[0]!)).toContain('"path":"/p/\\"q\\"\\\\\\n\\t\\u0001\u007f\\u003c\\u0026\\u003e\\u2028é😀"');
    expect(oddBrickId).toContain('"id":"a\\u0026b","path":"/var/lib/heketi/mounts/vg_');
    expect(defaultName).toContain(`"name":"vol_${id('e', 12)}"`);
    expect(defaultName).toContain(`"device":"10.0.0.1:vol_${id('e', 12)}"`);
    expect(JSON.parse(odd)).toEqual(JSON.parse(reference(store, VOLUMES[7]!)));
  });

  it('keeps bricks at the paths heketi-ts gives them as ids, in less than half the room of their text; others as their text', () => {
    const store = seeded();
    const json = new VolumeInfoJson(store, 1 << 20);
    const { read } = reader(store);
    const recordBytes = (v: Volume): number => {
      const before = json.size().bytes;
      json.body(v.id, read);
      return json.size().bytes - before;
    };
    // Both have 3 bricks of the same length of text; only the first's paths are heketi-ts's.
    const [standard, odd] = [VOLUMES[5]!, VOLUMES[6]!];
    const bricksText = (v: Volume) => JSON.stringify((JSON.parse(reference(store, v)) as { bricks: unknown }).bricks).length;
    expect(bricksText(standard)).toBe(bricksText(odd));
    const oddBytes = recordBytes(odd);
    expect(oddBytes).toBeGreaterThan(bricksText(odd));
    expect(recordBytes(standard)).toBeLessThan(oddBytes / 2);
  });

  it('answers from a record while its volume stays the same: a write elsewhere costs a revision check, a new node a new mount part', () => {
    const store = seeded();
    let revisionReads = 0;
    const json = new VolumeInfoJson(store, 1 << 20, undefined, (volumeId) => {
      revisionReads++;
      return store.volumes.infoRevision(volumeId);
    });
    const { reads, read } = reader(store);
    const v = VOLUMES[2]!;
    const body = () => json.body(v.id, read);
    const current = () => reference(store, store.volumes.get(v.id)!);
    expect(body()).toBe(current());
    expect(body()).toBe(current());
    expect([reads.length, revisionReads]).toEqual([1, 0]);

    // Another volume changes: the record is checked once against its revision, and kept.
    store.tx(() => store.volumes.update({ ...VOLUMES[3]!, sizeGib: 98 }));
    expect(body()).toBe(current());
    expect(body()).toBe(current());
    expect([reads.length, revisionReads]).toEqual([1, 1]);

    // A node joins the volume's cluster: the mount part is made again, the record stays.
    store.tx(() =>
      store.nodes.insert({ id: id('2'), clusterId: ONE_NODE, zone: 2, manageHostnames: ['duo'], storageHostnames: ['192.168.0.2'], tags: {}, state: 'online' }),
    );
    expect(body()).toContain('"backup-volfile-servers":"192.168.0.2"');
    expect(body()).toBe(current());
    expect([reads.length, revisionReads]).toEqual([1, 2]);

    // Each change to what the volume's info shows moves its revision: the rows are read again.
    const brickOfV = store.bricks.listByVolume(v.id)[0]!;
    const changes: Array<[string, () => void]> = [
      ['its row', () => store.volumes.update({ ...v, sizeGib: 99 })],
      ['a brick added', () => store.bricks.insert({ ...brickOfV, id: id('7', 1), sizeKib: 5 })],
      ['a brick changed', () => store.bricks.update({ ...brickOfV, sizeKib: 6 })],
      ['a brick deleted', () => store.bricks.delete(id('7', 1))],
      ['a block volume added', () => store.blockVolumes.insert(blockVolume(7, v, null))],
      ['a block volume changed', () => store.blockVolumes.update({ ...blockVolume(7, v, null), pendingOpId: id('0', 7) })],
      ['a block volume deleted', () => store.blockVolumes.delete(id('9', 7))],
    ];
    for (const [what, change] of changes) {
      const before = reads.length;
      store.tx(change);
      expect(body(), what).toBe(current());
      expect(body(), what).toBe(current());
      expect(reads.length - before, what).toBe(1);
    }
    expect(body()).toContain('"size":99,');

    // Deleted and made again under the same id: a revision of its own, not the old record's.
    const { view } = store.volumes.infoView(v.id)!;
    store.tx(() => {
      for (const b of store.bricks.listByVolume(v.id)) store.bricks.delete(b.id);
      store.volumes.delete(v.id);
      store.volumes.insert({ ...view.volume, sizeGib: 3 });
    });
    expect(body()).toContain('"size":3,');
    expect(body()).toBe(current());
  });

  it('fills the records of the visible volumes in chunks, within its bound, and stops when asked', async () => {
    const store = seeded();
    const { reads, read } = reader(store);
    const pending = VOLUMES[4]!;
    store.tx(() => store.volumes.update({ ...pending, pendingOpId: id('0', 5) }));
    const json = new VolumeInfoJson(store, 1 << 20);
    await json.fill(2);
    expect(json.size().entries).toBe(VOLUMES.length - 1);
    for (const v of VOLUMES.filter((x) => x !== pending)) expect(json.body(v.id, read)).toBe(reference(store, store.volumes.get(v.id)!));
    expect(reads).toEqual([]);
    expect(json.lookups()).toEqual({ hits: VOLUMES.length - 1, misses: 0 });

    // A bound of about three records: filling stops there instead of pushing records out.
    const perRecord = json.size().bytes / json.size().entries;
    const bounded = new VolumeInfoJson(store, Math.ceil(perRecord * 3.5));
    await bounded.fill(2);
    expect(bounded.size().entries).toBeGreaterThanOrEqual(2);
    expect(bounded.size().entries).toBeLessThan(VOLUMES.length - 1);
    expect(bounded.size().bytes).toBeLessThanOrEqual(bounded.maxBytes);

    // Stopped after its first chunk; off when records are.
    const stopped = new VolumeInfoJson(store, 1 << 20);
    const filling = stopped.fill(2);
    await stopped.stopFilling();
    await filling;
    expect(stopped.size().entries).toBe(2);
    const off = new VolumeInfoJson(store, 0);
    await off.fill(2);
    expect(off.size().entries).toBe(0);
  });

  it('keeps records within its bound, the oldest going first, and keeps nothing under a null stamp', () => {
    const store = seeded();
    const stamp = store.changes.current();
    const probe = new VolumeInfoJson(store, 1 << 20);
    const { read } = reader(store);
    const standard = [VOLUMES[5]!, VOLUMES[6]!, VOLUMES[11]!];
    for (const v of standard) probe.body(v.id, read);
    const perRecord = probe.size().bytes / standard.length;
    // Room for two of these records: the third pushes out the first.
    const json = new VolumeInfoJson(store, Math.ceil(perRecord * 2.5));
    for (const v of standard) json.body(v.id, read);
    expect(json.size().entries).toBe(2);
    expect(json.size().bytes).toBeLessThanOrEqual(json.maxBytes);
    const reads = reader(store);
    json.body(standard[2]!.id, reads.read);
    json.body(standard[1]!.id, reads.read);
    expect(reads.reads).toEqual([]);
    json.body(standard[0]!.id, reads.read);
    expect(reads.reads).toEqual([standard[0]!.id]);

    const inTransaction = new VolumeInfoJson(store, 1 << 20);
    store.db.transaction(() => inTransaction.body(standard[0]!.id, read))();
    expect(inTransaction.size().entries).toBe(0);
    expect(inTransaction.lookups()).toEqual({ hits: 0, misses: 0 });
  });

  it('keeps a body made from a record in the response cache only in room still free, pushing no other body out for it', () => {
    const store = seeded();
    const v = VOLUMES[5]!;
    const length = Buffer.byteLength(reference(store, v));
    const bodies = new BodyCache(() => store.changes.current(), length + 10);
    for (let i = 0; i < 2; i++) bodies.get('node:x', () => 'n'.repeat(length));
    const { read } = reader(store);
    const withRecords = new VolumeInfoJson(store, 1 << 20);
    for (let i = 0; i < 5; i++) expect(withRecords.respond(v.id, bodies, read).toString()).toBe(reference(store, v));
    expect(bodies.holds('node:x')).toBe(true);
    expect(bodies.holds(`volume:${v.id}`)).toBe(false);
    // Without records the body costs the rows to make again, and is admitted as any other body.
    const withoutRecords = new VolumeInfoJson(store, 0);
    expect(withoutRecords.respond(v.id, bodies, read).toString()).toBe(reference(store, v));
    expect(bodies.holds(`volume:${v.id}`)).toBe(true);
    expect(bodies.holds('node:x')).toBe(false);
  });

  it('raises what the read raises (a 404) and keeps nothing', () => {
    const store = seeded();
    const json = new VolumeInfoJson(store, 1 << 20);
    const missing = () => {
      throw new Error('not found');
    };
    for (let i = 0; i < 2; i++) expect(() => json.body(id('e', 99), missing)).toThrow('not found');
    expect(json.size().entries).toBe(0);
  });

  it('answers GET /volumes/{id} with one statement: the rows with their stamp, or the stamp alone when a cache holds the volume; a change adds one', () => {
    const store = seeded();
    for (const [bodyBytes, recordBytes] of [[1 << 20, 1 << 20], [0, 1 << 20], [1 << 20, 0], [0, 0]] as const) {
      let stampReads = 0;
      const stamp = () => {
        stampReads++;
        return store.changes.current();
      };
      let revisionReads = 0;
      const revision = (volumeId: string) => {
        revisionReads++;
        return store.volumes.infoRevision(volumeId);
      };
      const bodies = new BodyCache(stamp, bodyBytes);
      const json = new VolumeInfoJson(store, recordBytes, stamp, revision);
      const { reads, read } = reader(store);
      const v = VOLUMES[5]!;
      const statements = () => stampReads + revisionReads + reads.length;
      for (let i = 1; i <= 4; i++) {
        expect(json.respond(v.id, bodies, read).toString()).toBe(reference(store, v));
        expect(statements()).toBe(i);
      }
      // Records on: the stamp from the second request on; only the response cache (which keeps a
      // body from its second request): from the third; both off: the rows every time.
      const rowReads = recordBytes > 0 ? 1 : bodyBytes > 0 ? 2 : 4;
      expect(reads).toHaveLength(rowReads);
      // Another volume changes: a kept record is checked against its volume's revision, once (a
      // kept body alone is outdated, and the rows are read again).
      store.tx(() => store.volumes.update({ ...VOLUMES[3]!, sizeGib: 55 }));
      for (let i = 1; i <= 2; i++) {
        const before = statements();
        expect(json.respond(v.id, bodies, read).toString()).toBe(reference(store, v));
        expect(statements() - before).toBe(i === 1 && recordBytes + bodyBytes > 0 ? 2 : 1);
      }
      expect(reads).toHaveLength(rowReads + (recordBytes > 0 ? 0 : bodyBytes > 0 ? 1 : 2));
      // The volume changes: what was kept is found outdated, and the rows are read again.
      const rowsBefore = reads.length;
      store.tx(() => store.volumes.update({ ...v, sizeGib: 77 }));
      expect(json.respond(v.id, bodies, read).toString()).toBe(reference(store, store.volumes.get(v.id)!));
      expect(reads).toHaveLength(rowsBefore + 1);
      store.tx(() => store.volumes.update(v));
      store.tx(() => store.volumes.update(VOLUMES[3]!));
    }
  });
});
