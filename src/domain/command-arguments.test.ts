import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { glusterOptionProblem, isValidOptionKey, isValidPath, isValidVolumeName, parseGlusterOption } from './command-arguments.js';

/** The gluster CLI's own options (cli/src/cli.c) and the usual lvm/mkfs/mount flags. */
const OPTION_WORDS = ['--xml', '--remote-host=10.9.9.9', '--log-file=/etc/cron.d/x', '--glusterd-sock=/tmp/s', '--mode=script', '-f', '-o', '--'];

describe('command argument rules', () => {
  it('refuses names that start with -, keeps Heketi names', () => {
    for (const good of ['vol_1', 'my-vol', '_x', 'A9', 'vol-']) expect(isValidVolumeName(good)).toBe(true);
    for (const bad of [...OPTION_WORDS, '-vol', '', 'a'.repeat(256)]) expect(isValidVolumeName(bad)).toBe(false);
  });

  it('follows gluster option key grammar', () => {
    for (const good of ['performance.cache-size', 'user.heketi.average-file-size', 'nl-cache', 'group', 'cluster.server-quorum-type']) {
      expect(isValidOptionKey(good)).toBe(true);
    }
    for (const bad of [...OPTION_WORDS, 'user..x', 'user.x.', '.user', 'user.-x', 'user-.x', 'a b', 'user.x/y']) {
      expect(isValidOptionKey(bad)).toBe(false);
    }
  });

  it('refuses option values that start with -, and group names that are paths', () => {
    for (const word of OPTION_WORDS) expect(glusterOptionProblem(`user.x ${word}`)).toMatch(/starts with "-"/);
    expect(glusterOptionProblem('group ../../etc/passwd')).toMatch(/plain name/);
    expect(glusterOptionProblem('group /etc/passwd')).toMatch(/plain name/);
    expect(parseGlusterOption('group virt')).toEqual({ key: 'group', value: 'virt' });
    expect(parseGlusterOption('user.x a -b --c')).toEqual({ key: 'user.x', value: 'a -b --c' });
  });

  it('refuses paths with a .. component', () => {
    expect(isValidPath('/dev/disk/by-id/wwn-0x5000c500a1b2:part1')).toBe(true);
    expect(isValidPath('/dev/sdb..1')).toBe(true);
    for (const bad of ['/dev/../etc/passwd', '/..', '/dev/sdb/..', 'dev/sdb', '-/dev/sdb']) expect(isValidPath(bad)).toBe(false);
  });

  it('never accepts an option whose key or value starts with - (property)', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (key, value) => {
        const parsed = parseGlusterOption(`${key} ${value}`);
        if (parsed) expect(parsed.key.startsWith('-') || parsed.value.startsWith('-')).toBe(false);
      }),
    );
  });
});
