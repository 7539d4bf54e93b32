import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Brick } from '../../domain/entities.js';
import { openStore, type Store } from '../store.js';

const id = (c: string) => c.repeat(32);
const VOLUME = id('v');

const brick = (brickId: string, position: number, deviceId: string): Brick => ({
  id: brickId,
  deviceId,
  nodeId: id('n'),
  volumeId: VOLUME,
  path: `/var/lib/heketi/mounts/vg_${deviceId}/brick_${brickId}/brick`,
  sizeKib: 1024 * 1024 * (position + 1),
  tpSizeKib: 1024 * 1024,
  poolMetadataSizeKib: 8192,
  subType: 'normal',
  lvmThinPool: `tp_${brickId}`,
  lvmLv: `brick_${brickId}`,
  position,
  pendingOpId: null,
});

describe('BrickRepo reads by volume', () => {
  const dirs: string[] = [];
  const stores: Store[] = [];
  afterEach(() => {
    for (const s of stores.splice(0)) s.close();
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  /** A store with one volume whose bricks' placement order is the reverse of their id order. */
  function seeded(): { store: Store; bricks: Brick[] } {
    const dir = mkdtempSync(join(tmpdir(), 'heketi-ts-brickrepo-'));
    dirs.push(dir);
    const store = openStore(join(dir, 'heketi.db'));
    stores.push(store);
    const bricks = [brick(id('3'), 0, id('d')), brick(id('1'), 1, id('e')), brick(id('2'), 2, id('d'))];
    store.tx(() => {
      store.clusters.insert({ id: id('c'), block: false, file: true });
      store.nodes.insert({ id: id('n'), clusterId: id('c'), zone: 1, manageHostnames: ['m'], storageHostnames: ['10.0.0.1'], tags: {}, state: 'online' });
      for (const d of [id('d'), id('e')]) {
        store.devices.insert({ id: d, nodeId: id('n'), name: `/dev/${d[0]}`, tags: {}, state: 'online', totalKib: 1e9, freeKib: 1e9, usedKib: 0, extentSizeKib: 4096, paths: [], pvUuid: '' });
      }
      store.volumes.insert({
        id: VOLUME,
        clusterId: id('c'),
        name: 'vol_1',
        sizeGib: 1,
        durability: { type: 'replicate', replicate: { replica: 3 }, disperse: {} },
        gid: 0,
        block: false,
        snapshot: { enable: false, factor: 1 },
        glusterVolumeOptions: [],
        blockInfo: { freeSizeGib: 0, reservedSizeGib: 0, restriction: '' },
        pendingOpId: null,
      });
      for (const b of bricks) store.bricks.insert(b);
    });
    return { store, bricks };
  }

  it('lists BrickInfo rows in brick id order, with exactly BrickInfo fields in Heketi order', () => {
    const { store, bricks } = seeded();
    const infos = store.bricks.listInfoByVolume(VOLUME);
    expect(infos.map((b) => b.id)).toEqual([id('1'), id('2'), id('3')]);
    const byId = new Map(bricks.map((b) => [b.id, b]));
    for (const info of infos) {
      const b = byId.get(info.id)!;
      expect(Object.keys(info)).toEqual(['id', 'path', 'device', 'node', 'volume', 'size']);
      expect(info).toEqual({ id: b.id, path: b.path, device: b.deviceId, node: b.nodeId, volume: VOLUME, size: b.sizeKib });
    }
    expect(store.bricks.listInfoByVolume(id('f'))).toEqual([]);
  });

  it('still lists whole bricks in placement order', () => {
    const { store } = seeded();
    expect(store.bricks.listByVolume(VOLUME).map((b) => b.position)).toEqual([0, 1, 2]);
    expect(store.bricks.listByVolume(VOLUME).map((b) => b.id)).toEqual([id('3'), id('1'), id('2')]);
  });
});
