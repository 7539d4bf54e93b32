import { describe, expect, it } from 'vitest';
import type { Brick } from '../domain/entities.js';
import { findBrickSet, healCheckError } from './evict-support.js';
import { brickRequest } from './volume-common.js';

const brick = (id: string, position: number): Brick => ({
  id,
  deviceId: `d${id}`,
  nodeId: `n${id}`,
  volumeId: 'v',
  path: `/p/${id}`,
  sizeKib: 1024,
  tpSizeKib: 4096,
  poolMetadataSizeKib: 4096,
  subType: 'normal',
  lvmThinPool: '',
  lvmLv: '',
  position,
  pendingOpId: null,
});

const bricks = ['a', 'b', 'c', 'd', 'e', 'f'].map((id, i) => brick(id, i));
const byName = new Map(bricks.map((b) => [`h${b.id}:${b.path}`, b]));
const names = [...byName.keys()];

describe('findBrickSet', () => {
  it('slices gluster order into sets and finds the brick with its index', () => {
    const match = findBrickSet(names, byName, 3, 'e');
    expect(match?.set.map((b) => b.id)).toEqual(['d', 'e', 'f']);
    expect(match?.index).toBe(1);
  });

  it('follows gluster order, not the database order', () => {
    const reordered = [names[3]!, names[0]!, names[4]!, names[1]!, names[2]!, names[5]!];
    expect(findBrickSet(reordered, byName, 2, 'c')?.set.map((b) => b.id)).toEqual(['c', 'f']);
  });

  it('is null for an unknown gluster brick or a brick not in the volume', () => {
    expect(findBrickSet(['x:/nowhere', ...names], byName, 3, 'a')).toBeNull();
    expect(findBrickSet(names, byName, 3, 'zz')).toBeNull();
  });
});

describe('healCheckError', () => {
  const match = findBrickSet(names, byName, 3, 'a')!;
  const entry = (id: string, numberOfEntries = '0') => ({ name: `h${id}:/p/${id}`, status: 'Connected', numberOfEntries });

  it('accepts a clean set with quorum', () => {
    expect(healCheckError([entry('a'), entry('b'), entry('c')], byName, match, 2)).toBeNull();
    expect(healCheckError([entry('a', '-'), entry('b'), entry('c')], byName, match, 2)).toBeNull();
  });

  it('refuses a heal source', () => {
    expect(healCheckError([entry('a', '5'), entry('b'), entry('c')], byName, match, 2)).toBe(
      'Cannot replace brick a as it is source brick for data to be healed',
    );
  });

  it('counts only the other bricks of the set toward quorum and skips unnamed entries', () => {
    const heal = [entry('a'), entry('b'), entry('d'), { name: 'information not available', status: '', numberOfEntries: '' }];
    expect(healCheckError(heal, byName, match, 2)).toBe('Cannot replace brick a as only 1 of 2 required peer bricks are online');
    expect(healCheckError([], byName, match, 1)).toBe('Cannot replace brick a as only 0 of 1 required peer bricks are online');
  });

  it('refuses when heal info names a brick the database does not know', () => {
    expect(healCheckError([{ name: 'x:/y', status: '', numberOfEntries: '0' }], byName, match, 0)).toBe(
      'Unable to determine heal status of brick',
    );
  });
});

describe('brickRequest', () => {
  it('uses the stored LVM names, or the naming module when they are empty', () => {
    expect(brickRequest(brick('a', 0), 7)).toMatchObject({ vgId: 'da', name: 'a', tpName: 'tp_a', lvName: 'brick_a', gid: 7 });
    expect(brickRequest({ ...brick('a', 0), lvmThinPool: 'tp_orig', lvmLv: 'lv' }, 0)).toMatchObject({ tpName: 'tp_orig', lvName: 'lv' });
  });
});
