import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Volume } from '../../domain/entities.js';
import { brickPath } from '../../domain/naming.js';
import { openStore, type Store } from '../store.js';

const CLUSTER = 'c'.repeat(32);

const volume = (n: number, pendingOpId: string | null = null): Volume => ({
  id: n.toString(16).padStart(32, '0'),
  clusterId: CLUSTER,
  name: `vol_${n}`,
  sizeGib: 1,
  durability: { type: 'replicate', replicate: { replica: 3 }, disperse: {} },
  gid: 0,
  block: false,
  snapshot: { enable: false, factor: 1 },
  glusterVolumeOptions: [],
  blockInfo: { freeSizeGib: 0, reservedSizeGib: 0, restriction: '' },
  pendingOpId,
});

describe('VolumeRepo visible id lists (cached until the database changes)', () => {
  const dirs: string[] = [];
  const stores: Store[] = [];
  const open = (dir?: string): Store => {
    const d = dir ?? mkdtempSync(join(tmpdir(), 'heketi-ts-volrepo-'));
    if (!dir) dirs.push(d);
    const store = openStore(join(d, 'heketi.db'));
    stores.push(store);
    return store;
  };

  afterEach(() => {
    for (const s of stores.splice(0)) s.close();
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('follows inserts, updates and deletes, and hides pending volumes', () => {
    const store = open();
    store.tx(() => store.clusters.insert({ id: CLUSTER, block: false, file: true }));
    expect(store.volumes.listVisibleIds()).toEqual([]);
    store.tx(() => store.volumes.insert(volume(2)));
    store.tx(() => store.volumes.insert(volume(1, 'p'.repeat(32))));
    expect(store.volumes.listVisibleIds()).toEqual([volume(2).id]);
    store.tx(() => store.volumes.update(volume(1)));
    expect(store.volumes.listVisibleIds()).toEqual([volume(1).id, volume(2).id]);
    expect(store.volumes.listVisibleIdsByCluster(CLUSTER)).toEqual([volume(1).id, volume(2).id]);
    store.tx(() => store.volumes.delete(volume(2).id));
    expect(store.volumes.listVisibleIds()).toEqual([volume(1).id]);
    expect(store.volumes.listVisibleIdsByCluster(CLUSTER)).toEqual([volume(1).id]);
  });

  it('gives each volume an info revision that moves with its row, never repeats, and is rolled back with a transaction', () => {
    const store = open();
    store.tx(() => store.clusters.insert({ id: CLUSTER, block: false, file: true }));
    store.tx(() => [1, 2].forEach((n) => store.volumes.insert(volume(n))));
    const rev = (n: number) => store.volumes.infoRevision(volume(n).id)?.revision;
    const [first, second] = [rev(1)!, rev(2)!];
    expect(second).toBeGreaterThan(first);
    store.tx(() => store.volumes.update({ ...volume(1), sizeGib: 2 }));
    expect(rev(1)).toBeGreaterThan(second);
    expect(rev(2)).toBe(second);
    const updated = rev(1);
    expect(() =>
      store.tx(() => {
        store.volumes.update({ ...volume(1), sizeGib: 3 });
        throw new Error('rolled back');
      }),
    ).toThrow('rolled back');
    expect(rev(1)).toBe(updated);
    store.tx(() => store.volumes.delete(volume(1).id));
    expect(rev(1)).toBeUndefined();
    store.tx(() => store.volumes.insert(volume(1)));
    expect(rev(1)).toBeGreaterThan(updated!);
    expect(store.volumes.infoRevision(volume(1).id)?.stamp).toBe(store.changes.current());
  });

  it('reads back by id every field it stored, and its list and by-name reads agree', () => {
    const store = open();
    const full: Volume = {
      ...volume(9, 'p'.repeat(32)),
      name: 'vol_é"<x>',
      sizeGib: 42,
      durability: { type: 'disperse', replicate: {}, disperse: { data: 4, redundancy: 2 } },
      gid: 2001,
      block: true,
      snapshot: { enable: true, factor: 1.5 },
      glusterVolumeOptions: ['a b', 'c d'],
      blockInfo: { freeSizeGib: 40, reservedSizeGib: 2, restriction: 'locked-by-update' },
    };
    store.tx(() => {
      store.clusters.insert({ id: CLUSTER, block: false, file: true });
      store.volumes.insert(full);
      store.volumes.insert(volume(3));
    });
    expect(store.volumes.get(full.id)).toEqual(full);
    expect(store.volumes.get(volume(3).id)).toEqual(volume(3));
    expect(store.volumes.get('f'.repeat(32))).toBeUndefined();
    expect(store.volumes.findByName(CLUSTER, full.name)).toEqual(store.volumes.get(full.id));
    expect(store.volumes.listByCluster(CLUSTER)).toEqual([volume(3), full]);
  });

  it('never keeps what a rolled-back transaction showed', () => {
    const store = open();
    store.tx(() => store.clusters.insert({ id: CLUSTER, block: false, file: true }));
    expect(() =>
      store.tx(() => {
        store.volumes.insert(volume(7));
        expect(store.volumes.listVisibleIds()).toEqual([volume(7).id]);
        throw new Error('roll back');
      }),
    ).toThrow('roll back');
    expect(store.volumes.listVisibleIds()).toEqual([]);
  });

  it('sees commits made through another connection', () => {
    const first = open();
    first.tx(() => first.clusters.insert({ id: CLUSTER, block: false, file: true }));
    expect(first.volumes.listVisibleIds()).toEqual([]);
    const second = open(dirs[0]);
    second.tx(() => second.volumes.insert(volume(3)));
    expect(first.volumes.listVisibleIds()).toEqual([volume(3).id]);
  });

  it('reads the info view in one statement: the volume as stored, its bricks in id order, its visible block volumes', () => {
    const store = open();
    const node = 'n'.repeat(32);
    const device = 'd'.repeat(32);
    const odd = '/p/"q"\\\n\u2028é😀';
    store.tx(() => {
      store.clusters.insert({ id: CLUSTER, block: true, file: true });
      store.nodes.insert({ id: node, clusterId: CLUSTER, zone: 1, manageHostnames: ['m'], storageHostnames: ['s'], tags: {}, state: 'online' });
      store.devices.insert({ id: device, nodeId: node, name: '/dev/sdb', tags: {}, state: 'online', totalKib: 1e9, freeKib: 1e9, usedKib: 0, extentSizeKib: 4096, paths: [], pvUuid: '' });
      store.volumes.insert(volume(5));
      store.volumes.insert(volume(6));
      for (const [brickId, path, sizeKib] of [['b2', odd, 2 ** 40], ['b1', '/b1', 1024], ['b3', brickPath(device, 'b3'), 1]] as const) {
        store.bricks.insert({ id: brickId, deviceId: device, nodeId: node, volumeId: volume(5).id, path, sizeKib, tpSizeKib: 0, poolMetadataSizeKib: 0, subType: 'normal', lvmThinPool: '', lvmLv: '', position: 0, pendingOpId: null });
      }
      for (const [id, pendingOpId] of [['v2', null], ['v1', null], ['v3', 'p'.repeat(32)]] as const) {
        store.blockVolumes.insert({ id, clusterId: CLUSTER, blockHostingVolumeId: volume(5).id, name: id, sizeGib: 1, usableSizeGib: 1, hacount: 1, auth: false, hosts: [], iqn: '', lun: 0, username: '', password: '', pendingOpId });
      }
    });
    expect(store.volumes.infoView(volume(5).id)!.view).toEqual({
      volume: volume(5),
      bricks: [
        ['b1', device, node, 1024, '/b1'],
        ['b2', device, node, 2 ** 40, odd],
        ['b3', device, node, 1, null], // the standard path: null, the reader need not compare it
      ],
      blockVolumeIds: expect.arrayContaining(['v1', 'v2']) as unknown,
    });
    expect(store.volumes.infoView(volume(5).id)!.view.blockVolumeIds).toHaveLength(2);
    expect(store.volumes.infoView(volume(6).id)!.view).toEqual({ volume: volume(6), bricks: [], blockVolumeIds: [] });
    expect(store.volumes.infoView('f'.repeat(32))).toBeUndefined();
  });

  it('reads the change stamp in the same statement as the info view: the stamp of the same moment', () => {
    const first = open();
    first.tx(() => {
      first.clusters.insert({ id: CLUSTER, block: false, file: true });
      first.volumes.insert(volume(5));
    });
    const read = first.volumes.infoView(volume(5).id)!;
    expect(read.stamp).toBe(first.changes.current());

    // A write by this connection and a commit by another each move the stamp it reads.
    first.tx(() => first.volumes.update({ ...volume(5), sizeGib: 2 }));
    const afterOwnWrite = first.volumes.infoView(volume(5).id)!;
    expect(afterOwnWrite.stamp).not.toBe(read.stamp);
    expect(afterOwnWrite.stamp).toBe(first.changes.current());
    expect(afterOwnWrite.view.volume.sizeGib).toBe(2);
    const second = open(dirs[0]);
    second.tx(() => second.volumes.update({ ...volume(5), sizeGib: 3 }));
    const afterOtherCommit = first.volumes.infoView(volume(5).id)!;
    expect(afterOtherCommit.stamp).not.toBe(afterOwnWrite.stamp);
    expect(afterOtherCommit.stamp).toBe(first.changes.current());
    expect(afterOtherCommit.view.volume.sizeGib).toBe(3);

    // Inside a transaction nothing it reads may be kept: no stamp, as ChangeStamp.current.
    first.tx(() => expect(first.volumes.infoView(volume(5).id)!.stamp).toBeNull());
  });

  it('hands out copies, so a caller cannot change the cached list', () => {
    const store = open();
    store.tx(() => {
      store.clusters.insert({ id: CLUSTER, block: false, file: true });
      store.volumes.insert(volume(4));
    });
    store.volumes.listVisibleIds().push('x');
    expect(store.volumes.listVisibleIds()).toEqual([volume(4).id]);
  });
});
