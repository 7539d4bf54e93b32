import { describe, expect, it } from 'vitest';
import type { BrickRequest, DeviceHandle, VolumeRequest } from './executor.js';
import { createCommandExecutor } from './command-executor.js';
import { FakeTransport } from './transport/fake-transport.js';
import type { Transport } from './transport/transport.js';
import { fixture, testSshConfig } from './commands/test-config.js';

const VG = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
const ID = 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb';
const MNT = `/var/lib/heketi/mounts/vg_${VG}/brick_${ID}`;
const DEV = `/dev/mapper/vg_${VG}-brick_${ID}`;
const L = '/usr/sbin/lvm';
const G = 'gluster --mode=script --timeout=600 --';
const GX = 'gluster --mode=script --timeout=600 --xml --';

const brick = (overrides: Partial<BrickRequest> = {}): BrickRequest => ({
  vgId: VG, name: ID, tpName: `tp_${ID}`, lvName: `brick_${ID}`, sizeKib: 1048576, tpSizeKib: 1048576,
  poolMetadataSizeKib: 8192, gid: 0, path: `${MNT}/brick`, format: 'normal', ...overrides,
});

const volume = (name: string, overrides: Partial<VolumeRequest> = {}): VolumeRequest => ({
  name,
  bricks: [1, 2, 3].map((n) => ({ host: `10.0.0.${n}`, path: `/b${n}/brick` })),
  durability: { type: 'replicate', replica: 3, arbiter: false },
  glusterVolumeOptions: [],
  ...overrides,
});

const setup = (config = testSshConfig()) => {
  const transport = new FakeTransport();
  const warnings: string[] = [];
  const executor = createCommandExecutor(config, transport, { logger: { warn: (m) => warnings.push(m) } });
  return { transport, executor, warnings };
};

const NOT_FOUND = { exitCode: 5, stderr: '  Failed to find logical volume' };

describe('device setup and teardown', () => {
  it('creates PV and VG, then reads UUID, udev paths and sizes', async () => {
    const { transport, executor } = setup();
    transport
      .on('pvs -o', { stdout: await fixture('pvs.json') })
      .on('udevadm', { stdout: 'disk/by-id/wwn-0x1 disk/by-id/lvm-pv-uuid-X\n' })
      .on('vgdisplay', { stdout: await fixture('vgdisplay-c.txt') });
    const info = await executor.deviceSetup('h1', '/dev/sdb', VG, true);
    expect(info).toEqual({
      totalKib: 4063 * 4096, freeKib: 4063 * 4096, usedKib: 0, extentSizeKib: 4096,
      pvUuid: 'BfuYPj-OjBz-xtZi-Utf8-MEWH-9cYc-miYTJ4', paths: ['/dev/sdb', '/dev/disk/by-id/wwn-0x1'],
    });
    expect(transport.lines('h1')).toEqual([
      'wipefs --all /dev/sdb',
      `${L} pvcreate -qq --metadatasize=128M --dataalignment=256K /dev/sdb`,
      `${L} vgcreate -qq --physicalextentsize=4M --autobackup=n vg_${VG} /dev/sdb`,
      `${L} pvs -o pv_name,pv_uuid,vg_name --reportformat=json /dev/sdb`,
      '/usr/bin/udevadm info --query=symlink --name=/dev/sdb',
      `${L} vgdisplay -c vg_${VG}`,
    ]);
    transport.assertNoPendingScripts();
  });

  it('tears the new VG and PV down again when the sizes cannot be read', async () => {
    const { transport, executor } = setup();
    transport.on('vgdisplay', { stdout: 'garbage' });
    await expect(executor.deviceSetup('h1', '/dev/sdb', VG, false)).rejects.toThrow(/vgdisplay/);
    expect(transport.lines().slice(-2)).toEqual([`${L} vgremove -qq vg_${VG}`, `${L} pvremove -qq /dev/sdb`]);
  });

  it('names host and command when pvcreate fails', async () => {
    const { transport, executor } = setup();
    transport.on('pvcreate', { exitCode: 5, stderr: '  Device /dev/sdb excluded by a filter.' });
    await expect(executor.deviceSetup('h1', '/dev/sdb', VG, false)).rejects.toThrow(
      `host h1: command "${L} pvcreate -qq --metadatasize=128M --dataalignment=256K /dev/sdb" failed with exit code 5: Device /dev/sdb excluded by a filter.`,
    );
  });

  it('addresses the PV by its uuid link when the node has it, and reports teardown failures', async () => {
    const handle: DeviceHandle = { name: '/dev/sdb', pvUuid: 'U-1', paths: ['/dev/sdb'] };
    const { transport, executor } = setup();
    transport.on('pvremove', { exitCode: 5, stderr: 'PV is in use' });
    await expect(executor.deviceTeardown('h1', handle, VG)).rejects.toThrow(
      `Failed to delete device /dev/sdb with id ${VG} on host h1: PV is in use`,
    );
    expect(transport.lines()).toEqual([
      'test -b /dev/disk/by-id/lvm-pv-uuid-U-1',
      `${L} vgremove -qq vg_${VG}`,
      `${L} pvremove -qq /dev/disk/by-id/lvm-pv-uuid-U-1`,
    ]);
  });

  it('falls back to the stored path and removes the VG directory', async () => {
    const { transport, executor } = setup();
    transport.on('test -b', { exitCode: 1 });
    await executor.deviceTeardown('h1', { name: '/dev/sdb', pvUuid: 'U-1', paths: ['/dev/disk/by-id/wwn-1'] }, VG);
    expect(transport.lines().slice(1)).toEqual([
      `${L} vgremove -qq vg_${VG}`,
      `${L} pvremove -qq /dev/disk/by-id/wwn-1`,
      `rmdir /var/lib/heketi/mounts/vg_${VG}`,
    ]);
  });

  it('forgets a device without ever failing', async () => {
    const { transport, executor } = setup();
    transport.on(() => true, { fail: 'unreachable' }, { times: Infinity });
    await expect(executor.deviceForget('h1', { name: '/dev/sdb', pvUuid: '', paths: [] }, VG)).resolves.toBeUndefined();
  });

  it('learns a missing PV UUID from vgs when resyncing', async () => {
    const { transport, executor } = setup();
    transport.on('vgs -o', { stdout: '{"report":[{"vg":[{"pv_uuid":"U-2"}]}]}' }).on('vgdisplay', { stdout: await fixture('vgdisplay-c.txt') });
    const info = await executor.getDeviceInfo('h1', { name: '/dev/sdb', pvUuid: '', paths: ['/dev/sdb'] }, VG);
    expect(info.pvUuid).toBe('U-2');
    expect(info.paths).toEqual(['/dev/sdb']);
  });
});

describe('bricks', () => {
  it('creates a brick with the full sequence', async () => {
    const { transport, executor } = setup();
    await executor.brickCreate('h1', brick({ gid: 2001 }));
    expect(transport.lines('h1')).toEqual([
      `mkdir -p ${MNT}`,
      `${L} lvcreate -qq --autobackup=n --poolmetadatasize 8192K --chunksize 256K --size 1048576K --thin vg_${VG}/tp_${ID} --virtualsize 1048576K --name brick_${ID}`,
      `mkfs.xfs -i size=512 -n size=8192 ${DEV}`,
      expect.stringMatching(new RegExp(`^awk .* ${DEV} ${MNT} rw,inode64,noatime,nouuid /etc/fstab$`)),
      `mount -o rw,inode64,noatime,nouuid ${DEV} ${MNT}`,
      `mkdir ${MNT}/brick`,
      `chown :2001 ${MNT}/brick`,
      `chmod 2775 ${MNT}/brick`,
    ]);
  });

  it('removes what it made when lvcreate fails, and returns the lvcreate error', async () => {
    const { transport, executor } = setup();
    transport
      .on('lvcreate', { exitCode: 5, stderr: '  Volume group has insufficient free space' })
      .on('umount', { exitCode: 32, stderr: 'not mounted' })
      .on(/^mount$/, { stdout: '/dev/sda1 on / type ext4 (rw)\n' })
      .on('lvremove', NOT_FOUND, { times: 2 })
      .on('thin_count', NOT_FOUND);
    await expect(executor.brickCreate('h1', brick())).rejects.toThrow(/host h1: command ".*lvcreate.*insufficient free space/);
    expect(transport.lines().slice(2)).toEqual([
      `umount ${MNT}`,
      'mount',
      `sed -i.save -e /brick_${ID}/d /etc/fstab`,
      `${L} lvremove --autobackup=n -f vg_${VG}/brick_${ID}`,
      `${L} lvs --noheadings --options=thin_count vg_${VG}/tp_${ID}`,
      `${L} lvremove --autobackup=n -f vg_${VG}/tp_${ID}`,
      `rmdir ${MNT}`,
    ]);
    transport.assertNoPendingScripts();
  });

  it('reclaims the space when the thin pool is empty', async () => {
    const { transport, executor } = setup();
    transport.on('thin_count', { stdout: '  0\n' });
    await expect(executor.brickDestroy('h1', brick())).resolves.toEqual({ spaceReclaimed: true });
    expect(transport.lines()).toContain(`${L} lvremove --autobackup=n -f vg_${VG}/tp_${ID}`);
  });

  it('keeps a thin pool that still holds LVs (a clone) and says the space is not back', async () => {
    const { transport, executor } = setup();
    transport.on('thin_count', { stdout: '  1\n' });
    await expect(executor.brickDestroy('h1', brick())).resolves.toEqual({ spaceReclaimed: false });
    expect(transport.lines()).not.toContain(`${L} lvremove --autobackup=n -f vg_${VG}/tp_${ID}`);
  });

  it('fails after cleaning fstab when the brick stays mounted', async () => {
    const { transport, executor } = setup(testSshConfig({ debugUmountFailures: true }));
    transport
      .on('umount', { exitCode: 32, stderr: 'target is busy' })
      .on(/^mount$/, { stdout: `${DEV} on ${MNT} type xfs (rw)\n` })
      .on('lsof', { stdout: 'glusterfsd 123\n', exitCode: 0 });
    await expect(executor.brickDestroy('h1', brick())).rejects.toThrow(/umount .* failed with exit code 32: target is busy/);
    expect(transport.lines()).toEqual([`umount ${MNT}`, 'mount', `lsof ${MNT}`, `sed -i.save -e /brick_${ID}/d /etc/fstab`]);
  });

  it('skips fstab for snapshot bricks under /run/gluster', async () => {
    const { transport, executor } = setup();
    transport.on('thin_count', { stdout: '0' });
    await executor.brickDestroy('h1', brick({ path: '/run/gluster/snaps/abc/brick1/brick' }));
    expect(transport.lines().some((l) => l.startsWith('sed'))).toBe(false);
  });

  it('destroys a brick whose node was never reached without contacting the node, once', async () => {
    const { transport, executor } = setup();
    transport.on('mkdir -p', { fail: 'unreachable', detail: 'ssh to h3:22: connect ECONNREFUSED' }, { host: 'h3' });
    await expect(executor.brickCreate('h3', brick())).rejects.toThrow(/host h3: command "mkdir -p .*" could not be run: ssh to h3:22/);
    expect(transport.lines('h3')).toEqual([`mkdir -p ${MNT}`]);
    await expect(executor.brickDestroy('h3', brick())).resolves.toEqual({ spaceReclaimed: true });
    expect(transport.lines('h3')).toHaveLength(1);
    transport.on('thin_count', { stdout: '0' });
    await executor.brickDestroy('h3', brick());
    expect(transport.lines('h3')).toContain(`umount ${MNT}`);
  });

  it('cleans up on the node when the connection is lost after the first command', async () => {
    const { transport, executor } = setup();
    transport.on('lvcreate', { fail: 'unreachable', detail: 'ssh to h3:22: connect ECONNREFUSED' }, { host: 'h3' });
    await expect(executor.brickCreate('h3', brick())).rejects.toThrow(/could not be run/);
    expect(transport.lines('h3')).toContain(`umount ${MNT}`);
  });

  it('makes bricks on one host side by side, edits its fstab one at a time, and sets a device up alone', async () => {
    const fake = new FakeTransport();
    let inFlight = 0;
    const overlaps: string[] = [];
    const running = new Set<string>();
    const slow: Transport = {
      exec: async (host, command) => {
        const kind = command.argv[0] === 'awk' || command.argv[0] === 'sed' ? 'fstab' : command.argv.includes('pvcreate') ? 'device' : 'brick';
        inFlight++;
        for (const other of running) if (other === 'fstab' && kind === 'fstab') overlaps.push('fstab+fstab');
        if (kind === 'device' && inFlight > 1) overlaps.push('device+other');
        if (kind !== 'device' && running.has('device')) overlaps.push('other+device');
        running.add(kind);
        await new Promise((r) => setTimeout(r, 1));
        running.delete(kind);
        inFlight--;
        return fake.exec(host, command);
      },
      close: async () => undefined,
    };
    const executor = createCommandExecutor(testSshConfig(), slow);
    const other = (c: string) => brick({ name: c.repeat(32), lvName: `brick_${c.repeat(32)}`, tpName: `tp_${c.repeat(32)}`, path: `/var/lib/heketi/mounts/vg_${VG}/brick_${c.repeat(32)}/brick` });
    fake.on('thin_count', { stdout: '0' }, { times: Infinity });
    await Promise.all([
      executor.brickCreate('h1', brick()),
      executor.brickCreate('h1', other('c')),
      executor.brickDestroy('h1', other('d')),
      executor.deviceSetup('h1', '/dev/sdc', 'e'.repeat(32), false).catch(() => undefined),
      executor.brickCreate('h1', other('f')),
    ]);
    const h1 = fake.lines('h1');
    expect(h1[0]).toContain(ID);
    expect(h1[1]).toContain('c'.repeat(32));
    expect(overlaps).toEqual([]);
  });
});

describe('volumes', () => {
  it('creates, sets options and starts', async () => {
    const { transport, executor } = setup();
    await executor.volumeCreate('h1', volume('vol_a', { glusterVolumeOptions: ['user.heketi.id 0123', ''] }));
    expect(transport.lines()).toEqual([
      `${G} volume create vol_a replica 3 10.0.0.1:/b1/brick 10.0.0.2:/b2/brick 10.0.0.3:/b3/brick`,
      `${G} volume set vol_a user.heketi.id 0123`,
      `${G} volume start vol_a`,
    ]);
  });

  it('never interleaves two transactions on one volume', async () => {
    const { transport, executor } = setup();
    await Promise.all([executor.volumeCreate('h1', volume('vol_a')), executor.volumeDestroy('h2', 'vol_a')]);
    expect(transport.lines().map((l) => l.split(' ')[5]).join(',')).toBe('create,start,stop,delete');
  });

  it('runs transactions on different volumes side by side, and a peer probe alone', async () => {
    const { transport, executor } = setup();
    await Promise.all([
      executor.volumeCreate('h1', volume('vol_a')),
      executor.volumeCreate('h2', volume('vol_b')),
      executor.peerProbe('h1', '10.0.0.9'),
      executor.volumeDestroy('h1', 'vol_c'),
    ]);
    const who = transport.lines().map((l) => (l.includes('vol_a') ? 'a' : l.includes('vol_b') ? 'b' : l.includes('vol_c') ? 'c' : 'p'));
    expect(who.join('')).toMatch(/^abab.*p+cc$/);
  });

  it('expands with add-brick and rebalance, and ignores a rebalance failure', async () => {
    const { transport, executor, warnings } = setup();
    transport.on('rebalance', { exitCode: 1, stderr: 'rebalance failed' });
    await executor.volumeExpand('h1', volume('vol_a'));
    expect(transport.lines()).toEqual([
      `${G} volume add-brick vol_a 10.0.0.1:/b1/brick 10.0.0.2:/b2/brick 10.0.0.3:/b3/brick`,
      `${G} volume rebalance vol_a start`,
    ]);
    expect(warnings.join()).toMatch(/rebalance failed/);
  });

  it('skips rebalance when it is turned off', async () => {
    const transport = new FakeTransport();
    await createCommandExecutor(testSshConfig(), transport, { rebalanceOnExpansion: false }).volumeExpand('h1', volume('v'));
    expect(transport.lines()).toHaveLength(1);
  });

  it('destroys: stop force (failure ignored), delete; a missing volume is not an error', async () => {
    const { transport, executor } = setup();
    const missing = { exitCode: 1, stderr: 'volume delete: v: failed: Volume v does not exist' };
    transport.on('stop', { exitCode: 1, stderr: 'Volume v does not exist' }).on('delete', missing);
    await executor.volumeDestroy('h1', 'v');
    expect(transport.lines()).toEqual([`${G} volume stop v force`, `${G} volume delete v`]);
    transport.on('delete', { exitCode: 1, stderr: 'Another transaction is in progress' });
    await expect(executor.volumeDestroy('h1', 'v')).rejects.toThrow(/Unable to delete volume v: Another transaction/);
  });

  it('reads volume info and heal info, naming host and command on gluster errors', async () => {
    const { transport, executor } = setup();
    transport
      .on('info vol_fixture', { stdout: await fixture('volume-info.xml') })
      .on('heal', { stdout: await fixture('heal-info.xml') })
      .on('info nosuch', { stdout: await fixture('volume-info-missing.xml') });
    expect((await executor.volumeInfo('h1', 'vol_fixture')).bricks).toHaveLength(3);
    expect((await executor.healInfo('h1', 'vol_fixture')).map((b) => b.numberOfEntries)).toEqual(['0', '0', '0']);
    await expect(executor.volumeInfo('h1', 'nosuch')).rejects.toThrow(`host h1: command "${GX} volume info nosuch" failed: Volume does not exist`);
  });

  it('replaces a brick with commit force', async () => {
    const { transport, executor } = setup();
    await executor.volumeReplaceBrick('h1', 'v', { host: 'a', path: '/o' }, { host: 'b', path: '/n' });
    expect(transport.lines()).toEqual([`${G} volume replace-brick v a:/o b:/n commit force`]);
  });

  it('clones through a temporary snapshot and always removes it', async () => {
    const { transport, executor } = setup();
    const ok = '<cliOutput><opRet>0</opRet><opErrstr/></cliOutput>';
    transport.on('--xml -- snapshot', { stdout: ok }, { times: 5 }).on('--xml -- volume start', { stdout: ok });
    transport.on('--xml -- volume info clone', { stdout: (await fixture('volume-info.xml')) });
    const info = await executor.volumeClone('h1', 'v', 'clone');
    expect(info.name).toBe('vol_fixture');
    const lines = transport.lines().map((l) => l.replace(/tmpsnap_[0-9a-f]{32}/, 'SNAP'));
    expect(lines).toEqual([
      `${GX} snapshot create SNAP v no-timestamp`,
      `${GX} snapshot activate SNAP`,
      `${GX} snapshot clone clone SNAP`,
      `${GX} volume start clone`,
      `${GX} volume info clone`,
      `${GX} snapshot deactivate SNAP`,
      `${GX} snapshot delete SNAP`,
    ]);
  });
});

describe('peers, glusterd and block volumes', () => {
  it('probes and sets the snapshot limit; detach failures are ignored', async () => {
    const { transport, executor } = setup();
    transport.on('detach', { exitCode: 1, stderr: 'peer detach: failed' });
    await executor.peerProbe('h1', '10.0.0.4');
    await executor.peerDetach('h1', '10.0.0.4');
    await executor.glusterdCheck('h1');
    expect(transport.lines()).toEqual([
      `${G} peer probe 10.0.0.4`,
      `${G} snapshot config snap-max-hard-limit 14`,
      `${G} peer detach 10.0.0.4`,
      'systemctl status glusterd',
    ]);
  });

  it('reports an unreachable host with host and command', async () => {
    const { transport, executor } = setup();
    transport.on('systemctl', { fail: 'unreachable', detail: 'ssh to h9:22: connect ECONNREFUSED' });
    await expect(executor.glusterdCheck('h9')).rejects.toThrow(
      'host h9: command "systemctl status glusterd" could not be run: ssh to h9:22: connect ECONNREFUSED',
    );
  });

  it('creates, expands and deletes block volumes, with Heketi failure texts', async () => {
    const { transport, executor } = setup();
    transport
      .on('gluster-block create', { stdout: '{"IQN":"iqn.x","USERNAME":"u","PASSWORD":"p","RESULT":"SUCCESS"}' })
      .on('gluster-block modify', { exitCode: 1, stderr: '{"RESULT":"FAIL","errMsg":"no space"}' })
      .on('gluster-block delete', { stdout: '{"RESULT":"FAIL","errMsg":"block b doesn\'t exist"}' });
    const request = { blockHostingVolumeName: 'v', name: 'b', sizeGib: 1, hacount: 1, auth: true, hosts: ['10.0.0.1'] };
    await expect(executor.blockVolumeCreate('h1', request)).resolves.toEqual({ iqn: 'iqn.x', username: 'u', password: 'p', hosts: ['10.0.0.1'] });
    await expect(executor.blockVolumeExpand('h1', 'v', 'b', 2)).rejects.toThrow(/Failed to expand block volume: no space/);
    await expect(executor.blockVolumeDestroy('h1', 'v', 'b')).resolves.toBeUndefined();
    await executor.close();
    expect(transport.closed).toBe(true);
  });
});
