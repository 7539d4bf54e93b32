import { describe, expect, it } from 'vitest';
import { MockExecutor, MockNodes, mockVolumeKey } from './mock-executor.js';
import type { VolumeRequest } from './executor.js';

const config = { deviceSizeGb: 500, stateFile: '', faults: '' };
// Two trusted pools, as two Heketi clusters: a1/a2 in pool A, b1 in pool B.
const POOLS: Record<string, string> = { a1: 'A', a2: 'A', b1: 'B' };
const poolOf = (host: string): string => POOLS[host] ?? '';

const request = (name: string, host: string): VolumeRequest => ({
  name,
  bricks: [{ host, path: `/bricks/${name}` }],
  durability: { type: 'none' },
  glusterVolumeOptions: [],
});

const volumeNames = async (mock: MockExecutor, host: string): Promise<string[]> =>
  ((await mock.volumesInfo(host)).Volumes.VolumeList ?? []).map((v) => v.VolumeName);

describe('the mock executor keeps one namespace of volume names per pool, as gluster does', () => {
  it('lets two pools each have a volume of the same name, apart', async () => {
    const mock = new MockExecutor(config, undefined, undefined, poolOf);
    await mock.volumeCreate('a1', request('vol', 'a1'));
    await mock.volumeCreate('b1', request('vol', 'b1'));
    expect(Object.keys(mock.snapshot().volumes).sort()).toEqual([mockVolumeKey('A', 'vol'), mockVolumeKey('B', 'vol')]);
    // Any host of a pool sees its pool's volume, and only that one.
    expect((await mock.volumeInfo('a2', 'vol')).bricks).toEqual([{ name: 'a1:/bricks/vol' }]);
    expect((await mock.volumeInfo('b1', 'vol')).bricks).toEqual([{ name: 'b1:/bricks/vol' }]);
    expect(await volumeNames(mock, 'a1')).toEqual(['vol']);

    await mock.volumeDestroy('a2', 'vol');
    await expect(mock.volumeInfo('a1', 'vol')).rejects.toThrow('Volume vol does not exist');
    expect((await mock.volumeInfo('b1', 'vol')).bricks).toEqual([{ name: 'b1:/bricks/vol' }]);
    expect(await volumeNames(mock, 'a1')).toEqual([]);
    expect(await volumeNames(mock, 'b1')).toEqual(['vol']);
  });

  it('locks a running transaction per pool: another server is refused in the same pool only', async () => {
    const nodes = new MockNodes('');
    const first = new MockExecutor(config, undefined, nodes, poolOf);
    const second = new MockExecutor(config, undefined, nodes, poolOf);
    first.faults.replace([{ method: 'volumeCreate', nth: null, action: { kind: 'delay', ms: 300 } }]);
    const running = first.volumeCreate('a1', request('vol', 'a1'));
    await expect(second.volumeDestroy('a2', 'vol')).rejects.toThrow(
      'volume delete: vol: failed: Another transaction is in progress for vol. Please try again after some time.',
    );
    await second.volumeCreate('b1', request('vol', 'b1'));
    await running;
    await second.volumeDestroy('a2', 'vol');
    expect(Object.keys(nodes.state.volumes)).toEqual([mockVolumeKey('B', 'vol')]);
  });

  it('sees a hand-made volume without a pool from every pool (drift tests make those)', async () => {
    const mock = new MockExecutor(config, undefined, undefined, poolOf);
    mock.tamper((s) => (s.volumes['handmade'] = { bricks: [] }));
    expect(await volumeNames(mock, 'a1')).toEqual(['handmade']);
    expect(await volumeNames(mock, 'b1')).toEqual(['handmade']);
    await mock.volumeDestroy('b1', 'handmade');
    expect(mock.snapshot().volumes).toEqual({});
  });
});
