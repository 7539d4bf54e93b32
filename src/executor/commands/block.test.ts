import { describe, expect, it } from 'vitest';
import * as block from './block.js';
import { testSshConfig } from './test-config.js';

// gluster-block is not packaged for the test bed; these answers follow gluster-block 0.5's --json output.
const CREATED = JSON.stringify({
  IQN: 'iqn.2016-12.org.gluster-block:9c5b3a52-6e8c-4c4f-9a65-1f0b0f2cbe11',
  USERNAME: '9c5b3a52-6e8c-4c4f-9a65-1f0b0f2cbe11',
  PASSWORD: 'f5c0e4ff-1c5c-4b2f-9d37-0e8c8b1b1f11',
  'PORTAL(S)': ['10.0.0.1:3260', '10.0.0.2:3260'],
  RESULT: 'SUCCESS',
});
const MISSING = JSON.stringify({ RESULT: 'FAIL', errCode: 2, errMsg: 'block blockvol_1 doesn\'t exist' });

describe('gluster-block command lines', () => {
  it('builds create, delete and modify (size) with --json', () => {
    const create = block.blockCreate(testSshConfig(), {
      blockHostingVolumeName: 'vol_1', name: 'blockvol_1', sizeGib: 5, hacount: 2, auth: true, hosts: ['10.0.0.1', '10.0.0.2'],
    });
    expect(create.argv).toEqual([
      'gluster-block', 'create', 'vol_1/blockvol_1', 'ha', '2', 'auth', 'enable', 'prealloc', 'full', '10.0.0.1,10.0.0.2', '5GiB', '--json',
    ]);
    expect(create.timeoutMs).toBe(10 * 60_000);
    expect(block.blockDelete('vol_1', 'b').argv).toEqual(['gluster-block', 'delete', 'vol_1/b', '--json']);
    expect(block.blockModifySize('vol_1', 'b', 9).argv).toEqual(['gluster-block', 'modify', 'vol_1/b', 'size', '9GiB', '--json']);
  });

  it('refuses a hostile prealloc, host or name', () => {
    const base = { blockHostingVolumeName: 'v', name: 'b', sizeGib: 1, hacount: 1, auth: false, hosts: ['h'] };
    expect(() => block.blockCreate(testSshConfig({ blockPrealloc: 'full;id' }), base)).toThrow(/block_prealloc/);
    expect(() => block.blockCreate(testSshConfig(), { ...base, hosts: ['h,$(id)'] })).toThrow(/hostname/);
    expect(() => block.blockDelete('v', 'b/../x')).toThrow(/volume name/);
  });
});

describe('gluster-block JSON', () => {
  it('reads IQN and credentials from stdout, falling back to stderr', () => {
    const json = block.parseBlockJson('', CREATED);
    expect(block.isBlockFailure(json)).toBe(false);
    expect(block.parseBlockCreate(json)).toEqual({
      iqn: 'iqn.2016-12.org.gluster-block:9c5b3a52-6e8c-4c4f-9a65-1f0b0f2cbe11',
      username: '9c5b3a52-6e8c-4c4f-9a65-1f0b0f2cbe11',
      password: 'f5c0e4ff-1c5c-4b2f-9d37-0e8c8b1b1f11',
    });
  });

  it('recognises failures and the "does not exist" answers', () => {
    const json = block.parseBlockJson(MISSING, '');
    expect(block.isBlockFailure(json)).toBe(true);
    expect(block.isBlockMissing(json, 'vol_1', 'blockvol_1')).toBe(true);
    expect(block.isBlockMissing({ RESULT: 'FAIL', errMsg: 'volume vol_1 does not exist' }, 'vol_1', 'x')).toBe(true);
    expect(block.isBlockMissing({ RESULT: 'FAIL', errMsg: 'out of space' }, 'vol_1', 'x')).toBe(false);
    expect(() => block.parseBlockJson('garbage', '')).toThrow(/unable to parse gluster-block/);
  });
});
