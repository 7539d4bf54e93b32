import { describe, expect, it } from 'vitest';
import type { DurabilityRequest } from './entities.js';
import { GiB } from './units.js';
import {
  assembleVolumeOptions,
  goParseBool,
  minimumVolumeSizeError,
  parseEngineOptions,
  volumeCreateError,
  volumeRequestError,
  type VolumeCreateInput,
} from './volume-rules.js';

const durability = (type?: string, extra: Partial<DurabilityRequest> = {}): DurabilityRequest => ({
  type,
  replicate: {},
  disperse: {},
  ...extra,
});

const valid: VolumeCreateInput = {
  sizeGib: 10,
  gid: 0,
  durability: durability('replicate', { replicate: { replica: 3 } }),
  snapshot: { enable: false, factor: 0 },
};

describe('volumeRequestError (api §6.4 steps 3–8)', () => {
  it.each<[string, Partial<VolumeCreateInput>, string | null]>([
    ['valid', {}, null],
    ['gid below zero', { gid: -1 }, 'Bad group id less than zero'],
    ['gid 2^31-1', { gid: 2147483647 }, 'Bad group id equal or greater than 2**32'],
    ['gid 2^31-2', { gid: 2147483646 }, null],
    ['unknown type', { durability: durability('mirror') }, 'Unknown durability type'],
    ['empty type', { durability: durability('') }, null],
    ['size 0', { sizeGib: 0 }, 'Invalid volume size'],
    ['factor 0.5', { snapshot: { enable: true, factor: 0.5 } }, 'Invalid snapshot factor'],
    ['factor 101', { snapshot: { enable: true, factor: 101 } }, 'Invalid snapshot factor'],
    ['factor 0 with snapshots off', { snapshot: { enable: false, factor: 0 } }, null],
    ['factor 100', { snapshot: { enable: true, factor: 100 } }, null],
    ['replica 4', { durability: durability('replicate', { replicate: { replica: 4 } }) }, 'Invalid replica value'],
    ['replica 0', { durability: durability('replicate', { replicate: { replica: 0 } }) }, null],
    ['disperse omitted', { durability: durability('disperse') }, 'Invalid dispersion combination: 0+0'],
    [
      'disperse 4+1',
      { durability: durability('disperse', { disperse: { data: 4, redundancy: 1 } }) },
      'Invalid dispersion combination: 4+1',
    ],
    ['disperse 8+4', { durability: durability('disperse', { disperse: { data: 8, redundancy: 4 } }) }, null],
    ['gid before type', { gid: -1, durability: durability('mirror') }, 'Bad group id less than zero'],
    ['type before size', { sizeGib: 0, durability: durability('mirror') }, 'Unknown durability type'],
    ['size before factor', { sizeGib: 0, snapshot: { enable: true, factor: 0 } }, 'Invalid volume size'],
    [
      'factor before replica',
      { snapshot: { enable: true, factor: 0 }, durability: durability('replicate', { replicate: { replica: 9 } }) },
      'Invalid snapshot factor',
    ],
  ])('%s', (_name, patch, expected) => {
    expect(volumeRequestError({ ...valid, ...patch })).toBe(expected);
  });
});

describe('minimumVolumeSizeError (step 10)', () => {
  it('accepts the minimum', () => {
    expect(minimumVolumeSizeError(1, durability('replicate'), 1 * GiB)).toBeNull();
  });

  it('names the size in GB and the minimum in KiB', () => {
    expect(minimumVolumeSizeError(1, durability('replicate'), 2 * GiB)).toBe(
      'Requested volume size (1 GB) is smaller than the minimum supported volume size (2097152)',
    );
  });

  it('multiplies by data for disperse', () => {
    const d = durability('disperse', { disperse: { data: 4, redundancy: 2 } });
    expect(minimumVolumeSizeError(3, d, 1 * GiB)).toBe(
      'Requested volume size (3 GB) is smaller than the minimum supported volume size (4194304)',
    );
    expect(minimumVolumeSizeError(4, d, 1 * GiB)).toBeNull();
  });

  it('volumeCreateError runs the cluster check between steps 8 and 10', () => {
    const small = { ...valid, sizeGib: 1 };
    expect(volumeCreateError(small, 2 * GiB, () => 'No clusters configured')).toBe('No clusters configured');
    expect(volumeCreateError(small, 2 * GiB)).toMatch(/smaller than the minimum/);
    expect(volumeCreateError({ ...small, gid: -1 }, 2 * GiB, () => 'No clusters configured')).toBe(
      'Bad group id less than zero',
    );
  });
});

describe('assembleVolumeOptions', () => {
  it('keeps Go split semantics: empty config strings give empty options', () => {
    expect(assembleVolumeOptions('', null, ['opt a'], '')).toEqual(['', 'opt a', '']);
  });

  it('orders pre, block, request, post and keeps duplicates', () => {
    expect(
      assembleVolumeOptions('a 1,b 2', 'group gluster-block', ['a 3', 'a 3'], 'c 4'),
    ).toEqual(['a 1', 'b 2', 'group gluster-block', 'a 3', 'a 3', 'c 4']);
  });

  it('empty block options still contribute one empty element', () => {
    expect(assembleVolumeOptions('', '', [], '')).toEqual(['', '', '']);
  });
});

describe('parseEngineOptions', () => {
  it('defaults', () => {
    expect(parseEngineOptions(['', 'performance.x on', ''])).toEqual({
      arbiter: false,
      averageFileSizeKib: null,
      zoneChecking: null,
      tagMatch: null,
    });
  });

  it('reads every key; later duplicates win', () => {
    expect(
      parseEngineOptions([
        'user.heketi.arbiter false',
        'user.heketi.arbiter true',
        'user.heketi.average-file-size 128',
        'user.heketi.zone-checking strict',
        'user.heketi.device-tag-match tier=gold',
        'user.heketi.device-tag-match tier!=slow',
      ]),
    ).toEqual({ arbiter: true, averageFileSizeKib: 128, zoneChecking: 'strict', tagMatch: 'tier!=slow' });
  });

  it.each([
    ['user.heketi.average-file-size 0', null],
    ['user.heketi.average-file-size -5', null],
    ['user.heketi.average-file-size 12k', null],
    ['user.heketi.average-file-size', null],
    ['user.heketi.average-file-size 100', 100],
  ])('%s -> %s', (option, expected) => {
    expect(parseEngineOptions([option]).averageFileSizeKib).toBe(expected);
  });

  it('unknown zone strategies act as none', () => {
    expect(parseEngineOptions(['user.heketi.zone-checking loose']).zoneChecking).toBe('none');
    expect(parseEngineOptions(['user.heketi.zone-checking none']).zoneChecking).toBe('none');
  });

  it('the value is everything after the first space', () => {
    expect(parseEngineOptions(['user.heketi.device-tag-match a b']).tagMatch).toBe('a b');
  });
});

describe('goParseBool', () => {
  it.each([
    ['1', true],
    ['t', true],
    ['TRUE', true],
    ['True', true],
    ['0', false],
    ['F', false],
    ['False', false],
    ['tRUE', null],
    ['yes', null],
    ['', null],
  ])('%s -> %s', (text, expected) => expect(goParseBool(text)).toBe(expected));
});
