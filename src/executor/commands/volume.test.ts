import { describe, expect, it } from 'vitest';
import type { BrickSpec, VolumeRequest } from '../executor.js';
import * as volume from './volume.js';
import { testSshConfig } from './test-config.js';

const G = ['gluster', '--mode=script', '--timeout=600', '--'];
const bricks = (n: number): BrickSpec[] =>
  Array.from({ length: n }, (_, i) => ({ host: `10.0.0.${(i % 3) + 1}`, path: `/b/${i}/brick` }));
const arg = (i: number): string => `10.0.0.${(i % 3) + 1}:/b/${i}/brick`;
const args = (from: number, to: number): string[] => Array.from({ length: to - from }, (_, k) => arg(from + k));

const request = (overrides: Partial<VolumeRequest>): VolumeRequest => ({
  name: 'vol_1',
  bricks: bricks(3),
  durability: { type: 'replicate', replica: 3, arbiter: false },
  glusterVolumeOptions: [],
  ...overrides,
});

describe('volume create sequence', () => {
  const config = testSshConfig();

  it('creates with the first set, sets the non-empty options in order in one command, then starts', () => {
    const lines = volume
      .volumeCreateSequence(config, request({ glusterVolumeOptions: ['performance.rda-cache-limit 10MB', '', 'user.heketi.id abc'] }))
      .map((c) => c.argv);
    expect(lines).toEqual([
      [...G, 'volume', 'create', 'vol_1', 'replica', '3', ...args(0, 3)],
      [...G, 'volume', 'set', 'vol_1', 'performance.rda-cache-limit', '10MB', 'user.heketi.id', 'abc'],
      [...G, 'volume', 'start', 'vol_1'],
    ]);
  });

  it('adds the other sets with add-brick in chunks of 5 replica sets', () => {
    const lines = volume.volumeCreateSequence(config, request({ bricks: bricks(3 * 12) })).map((c) => c.argv);
    expect(lines).toEqual([
      [...G, 'volume', 'create', 'vol_1', 'replica', '3', ...args(0, 3)],
      [...G, 'volume', 'add-brick', 'vol_1', ...args(3, 18)],
      [...G, 'volume', 'add-brick', 'vol_1', ...args(18, 33)],
      [...G, 'volume', 'add-brick', 'vol_1', ...args(33, 36)],
      [...G, 'volume', 'start', 'vol_1'],
    ]);
  });

  it('writes arbiter, disperse and distribute layouts', () => {
    const first = (r: VolumeRequest): string[] => volume.volumeCreateSequence(config, r)[0]?.argv ?? [];
    expect(first(request({ durability: { type: 'replicate', replica: 3, arbiter: true } }))).toEqual([
      ...G, 'volume', 'create', 'vol_1', 'replica', '3', 'arbiter', '1', ...args(0, 3),
    ]);
    expect(first(request({ durability: { type: 'disperse', data: 2, redundancy: 1 } }))).toEqual([
      ...G, 'volume', 'create', 'vol_1', 'disperse-data', '2', 'redundancy', '1', ...args(0, 3),
    ]);
    const none = volume.volumeCreateSequence(config, request({ durability: { type: 'none' }, bricks: bricks(17) }));
    expect(none.map((c) => c.argv.length)).toEqual([G.length + 4, G.length + 3 + 15, G.length + 3 + 1, G.length + 3]);
  });

  it('puts one disperse set in each add-brick', () => {
    const lines = volume.addBrickCommands(config, 'v', bricks(6), { type: 'disperse', data: 2, redundancy: 1 });
    expect(lines.map((c) => c.argv.slice(G.length + 3))).toEqual([args(0, 3), args(3, 6)]);
  });

  it('refuses incomplete sets and hostile names, hosts, paths and options', () => {
    expect(() => volume.volumeCreateSequence(config, request({ bricks: bricks(4) }))).toThrow(/do not fill sets/);
    expect(() => volume.volumeCreateSequence(config, request({ name: 'v;reboot' }))).toThrow(/volume name/);
    expect(() => volume.volumeCreateSequence(config, request({ bricks: [{ host: 'h`id`', path: '/b' }, ...bricks(2)] }))).toThrow(/hostname/);
    expect(() => volume.volumeCreateSequence(config, request({ bricks: [{ host: 'h', path: '/b\n/c' }, ...bricks(2)] }))).toThrow(/brick path/);
    expect(() => volume.volumeCreateSequence(config, request({ glusterVolumeOptions: ['a;b c'] }))).toThrow(/option/);
  });

  it('sets consecutive options in one command, keeping their order; a group option alone', () => {
    const sets = volume.volumeSetCommands(config, 'v', ['user.a 1', '', 'performance.x off', 'group virt', 'user.b two words', 'user.a 3']);
    expect(sets.map((c) => c.argv.slice(G.length + 3))).toEqual([
      ['user.a', '1', 'performance.x', 'off'],
      ['group', 'virt'],
      ['user.b', 'two words', 'user.a', '3'],
    ]);
    expect(volume.volumeSetCommands(config, 'v', ['', ' '])).toEqual([]);
  });

  it('passes an option value with shell characters as one inert argument', () => {
    const [set] = volume.volumeSetCommands(config, 'v', ['user.note $(touch /tmp/pwned)']);
    expect(set?.argv.slice(-2)).toEqual(['user.note', '$(touch /tmp/pwned)']);
  });
});

describe('other volume commands', () => {
  const config = testSshConfig({ glusterCliTimeout: 1200 });
  const G2 = ['gluster', '--mode=script', '--timeout=1200', '--'];
  const G2X = ['gluster', '--mode=script', '--timeout=1200', '--xml', '--'];

  it('builds stop, delete, info, heal, rebalance and replace-brick', () => {
    expect(volume.volumeStopForce(config, 'v').argv).toEqual([...G2, 'volume', 'stop', 'v', 'force']);
    expect(volume.volumeDelete(config, 'v').argv).toEqual([...G2, 'volume', 'delete', 'v']);
    expect(volume.volumeInfoXml(config, 'v').argv).toEqual([...G2X, 'volume', 'info', 'v']);
    expect(volume.healInfoXml(config, 'v').argv).toEqual([...G2X, 'volume', 'heal', 'v', 'info']);
    expect(volume.volumeRebalanceStart(config, 'v').argv).toEqual([...G2, 'volume', 'rebalance', 'v', 'start']);
    expect(volume.replaceBrick(config, 'v', { host: 'a', path: '/o' }, { host: 'b', path: '/n' }).argv).toEqual([
      ...G2, 'volume', 'replace-brick', 'v', 'a:/o', 'b:/n', 'commit', 'force',
    ]);
  });

  it('uses the gluster timeout max(10, 1 + (t + 1) / 60) minutes', () => {
    expect(volume.volumeDelete(testSshConfig(), 'v').timeoutMs).toBe(11 * 60_000);
    expect(volume.volumeDelete(config, 'v').timeoutMs).toBe(21 * 60_000);
    expect(volume.volumeDelete(testSshConfig({ glusterCliTimeout: 10 }), 'v').timeoutMs).toBe(10 * 60_000);
  });

  it('recognises gluster "does not exist" answers', () => {
    expect(volume.isVolumeMissing('volume delete: nosuchvol: failed: Volume nosuchvol does not exist')).toBe(true);
    expect(volume.isVolumeMissing('volume delete: v: failed: Another transaction is in progress')).toBe(false);
  });
});

describe('arguments gluster would read as its own options', () => {
  const config = testSshConfig();

  it('are refused by the builders, whatever the API let through', () => {
    expect(() => volume.volumeCreateSequence(config, request({ name: '--xml' }))).toThrow(/invalid volume name: "--xml"/);
    expect(() => volume.volumeSetCommands(config, 'v', ['user.x --log-file=/etc/cron.d/pwn'])).toThrow(/starts with "-"/);
    expect(() => volume.volumeSetCommands(config, 'v', ['--remote-host=h on'])).toThrow(/not a gluster option key/);
    expect(() => volume.addBrickCommands(config, 'v', [{ host: '--xml', path: '/b' }], { type: 'none' })).toThrow(/invalid hostname/);
  });

  it('come after gluster\'s end of options (--) in every command', () => {
    const commands = [
      ...volume.volumeCreateSequence(config, request({ glusterVolumeOptions: ['user.x a'] })),
      volume.volumeInfoXml(config, 'v'),
      volume.healInfoXml(config, 'v'),
      volume.volumeDelete(config, 'v'),
    ];
    for (const { argv } of commands) {
      const end = argv.indexOf('--');
      expect(end).toBeGreaterThan(0);
      expect(argv.slice(1, end).every((word) => word.startsWith('--'))).toBe(true);
    }
  });
});
