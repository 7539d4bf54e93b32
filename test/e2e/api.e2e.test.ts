import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { loadTestbed, newId, onNode, spareAddress } from './helpers/testbed.js';
import { type ApiCluster, type VolumeInfo, deviceFree, leftoversOnNodes, trackedVolumes, useApiSuite } from './helpers/api-cluster.js';
import { ApiError, type ApiClient, type HeketiProcess } from './helpers/heketi-server.js';
import { payloadRoundTrip } from './helpers/fuse.js';
import { createServer, type Server } from 'node:net';
import { gluster } from '../../src/executor/commands/command.js';
import { commandLine } from '../../src/executor/transport/shell-quote.js';
import { testbedSshConfig } from './helpers/testbed.js';

// heketi-ts itself (node src/main.ts serve) with the ssh executor, driven through its HTTP API.
const tb = loadTestbed();
let heketi: HeketiProcess;
let api: ApiClient;
let cluster: ApiCluster;
const { live: liveVolumes, create: createVolume, delete: deleteVolume } = trackedVolumes(() => api);

const hostOf = (nodeId: string): string => cluster.hostOfNode.get(nodeId) ?? '';

useApiSuite(tb, () => tb.nodes, liveVolumes, (suite) => {
  ({ heketi, api, cluster } = suite);
});

describe('heketi-ts HTTP API with the ssh executor', () => {
  it('loaded the 3-node topology: every device reports the size read back from its VG', async () => {
    const info = await api.json<{ nodes: string[] }>('GET', `/clusters/${cluster.id}`);
    expect(info.nodes).toHaveLength(tb.nodes.length);
    for (const nodeId of cluster.hostOfNode.keys()) {
      const node = await api.json<{ devices: Array<{ id: string; name: string; storage: { total: number; free: number } }> }>('GET', `/nodes/${nodeId}`);
      expect(node.devices.map((d) => d.name)).toEqual(['/dev/sdb']);
      expect(node.devices[0]?.storage.total).toBeGreaterThan(15 * 1024 * 1024);
      expect(node.devices[0]?.storage.free).toBe(node.devices[0]?.storage.total);
    }
  });

  it('creates a replica-3 volume, serves 100 MiB through FUSE, expands and deletes it without leftovers', async () => {
    const freeBefore = await deviceFree(api, cluster);
    const volume = await createVolume({ size: 1, durability: { type: 'replicate', replicate: { replica: 3 } } });
    expect(volume.bricks).toHaveLength(3);
    // Heketi's mount device is "<host>:<volume name>"
    const [server = '', name = ''] = volume.mount.glusterfs.device.split(':');
    expect(name).toBe(volume.name);
    await payloadRoundTrip(tb, server, name, volume.bricks.map((b) => ({ host: hostOf(b.node), path: b.path })));
    const expanded = (await api.async<VolumeInfo>('POST', `/volumes/${volume.id}/expand`, { expand_size: 1 })) as VolumeInfo;
    expect(expanded.size).toBe(2);
    expect(expanded.bricks).toHaveLength(6);
    const freeExpanded = await deviceFree(api, cluster);
    for (const [id, free] of Object.entries(freeExpanded)) expect(free).toBeLessThan(freeBefore[id] ?? 0);
    await deleteVolume(volume.id);
    expect(await leftoversOnNodes(tb, tb.nodes)).toEqual([]);
    expect(await deviceFree(api, cluster)).toEqual(freeBefore);
  });

  it('creates arbiter, disperse 2+1 and gid volumes', async () => {
    const freeBefore = await deviceFree(api, cluster);
    // The arbiter brick is sized for metadata only: data brick / average file size (64 KiB by
    // default), and mkfs.xfs needs 300 MiB. An average of 2 KiB gives a 512 MiB arbiter for 1 GiB.
    const arbiter = await createVolume({
      size: 1,
      durability: { type: 'replicate', replicate: { replica: 3 } },
      glustervolumeoptions: ['user.heketi.arbiter true', 'user.heketi.average-file-size 2'],
    });
    const disperse = await createVolume({ size: 2, durability: { type: 'disperse', disperse: { data: 2, redundancy: 1 } } });
    const gid = await createVolume({ size: 1, gid: 2001, durability: { type: 'replicate', replicate: { replica: 3 } } });
    const modes = await Promise.all(gid.bricks.map((b) => onNode(tb, hostOf(b.node), `stat -c %a:%g ${b.path}`)));
    expect(modes.map((m) => m.trim())).toEqual(['2775:2001', '2775:2001', '2775:2001']);
    const info = (name: string) => onNode(tb, tb.nodes[0] ?? '', `gluster --mode=script volume info ${name}`);
    expect(await info(arbiter.name)).toMatch(/Number of Bricks: 1 x \(2 \+ 1\) = 3/);
    expect(await info(disperse.name)).toMatch(/Type: Disperse/);
    expect(await info(disperse.name)).toMatch(/Number of Bricks: 1 x \(2 \+ 1\) = 3/);
    for (const volume of [arbiter, disperse, gid]) await deleteVolume(volume.id);
    expect(await leftoversOnNodes(tb, tb.nodes)).toEqual([]);
    expect(await deviceFree(api, cluster)).toEqual(freeBefore);
  });

  it('refuses or neutralises injection payloads; the marker never appears', async () => {
    const marker = `/tmp/pwned-${newId()}`;
    const payloads = [`;touch ${marker}`, `$(touch ${marker})`, `\`touch ${marker}\``, `'"; touch ${marker}`];
    for (const payload of payloads) {
      const refused = async (call: Promise<unknown>): Promise<void> => {
        const error = await call.then(() => undefined, (e: unknown) => e);
        expect(error).toBeInstanceOf(ApiError);
      };
      await refused(api.async('POST', '/volumes', { size: 1, name: `v${payload}`, durability: { type: 'replicate', replicate: { replica: 3 } } }));
      await refused(api.async('POST', '/devices', { node: [...cluster.hostOfNode.keys()][0], name: `/dev/sdc${payload}` }));
      await refused(api.async('POST', '/nodes', { cluster: cluster.id, zone: 1, hostnames: { manage: [`${spareAddress(tb, 50)}${payload}`], storage: [spareAddress(tb, 50)] } }));
    }
    const inert = await createVolume({
      size: 1, durability: { type: 'replicate', replicate: { replica: 3 } }, glustervolumeoptions: payloads.map((p, i) => `user.p${i} ${p}`),
    });
    // the four options went to gluster in one `volume set` (several key/value pairs) and are stored literally
    const stored = await onNode(tb, tb.nodes[0] ?? '', `gluster --mode=script volume info ${inert.name}`);
    for (const [i, payload] of payloads.entries()) expect(stored).toContain(`user.p${i}: ${payload}`);
    await deleteVolume(inert.id);
    expect(existsSync(marker)).toBe(false);
    for (const node of tb.nodes) expect((await onNode(tb, node, `test -e ${marker} && echo yes || echo no`)).trim()).toBe('no');
  });
});

/**
 * Issue 11, finding 1: words the gluster CLI reads as its own options wherever they stand
 * (`--log-file=`, `--remote-host=`, `--glusterd-sock=`, `--xml`). A marker log file on the nodes
 * and a listener on the bridge (where `--remote-host` would make gluster connect) are the witnesses:
 * first shown to see the attack when a command line lacks the end of options, then shown to stay
 * silent for every payload sent through the API and for heketi-ts's own command lines.
 */
describe('gluster option injection (issue 11 finding 1)', () => {
  const bridge = tb.nodes[0]?.replace(/\.\d+$/, '.1') ?? '';
  const logMarker = `/tmp/heketi-ts-injected-${newId()}.log`;
  let contacts = 0;
  let listener: Server;
  const markersOnNodes = async (file: string): Promise<string[]> => {
    const found = await Promise.all(tb.nodes.map(async (node) => ((await onNode(tb, node, `test -e ${file} && echo ${node} || true`)).trim())));
    return found.filter(Boolean);
  };
  const onFirstNode = (argv: string[]): Promise<string> =>
    onNode(tb, tb.nodes[0] ?? '', `${commandLine(argv)} 2>&1 || true`);

  it('the witnesses see an attack: without gluster\'s end of options the log file appears and the bridge is contacted', async () => {
    listener = createServer((socket) => {
      contacts += 1;
      socket.destroy();
    });
    await new Promise<void>((resolve, reject) => listener.once('error', reject).listen(24007, bridge, resolve));
    const probe = `/tmp/heketi-ts-probe-${newId()}.log`;
    await onFirstNode(['gluster', '--mode=script', '--timeout=5', 'volume', 'list', `--log-file=${probe}`]);
    expect(await markersOnNodes(probe)).toContain(tb.nodes[0]);
    await onFirstNode(['gluster', '--mode=script', '--timeout=5', 'volume', 'list', `--remote-host=${bridge}`]);
    expect(contacts).toBeGreaterThan(0);
    await onNode(tb, tb.nodes[0] ?? '', `rm -f ${probe}`);
    contacts = 0;
  });

  it('refuses every payload at the API with 400, and stores nothing', async () => {
    const replica3 = { type: 'replicate', replicate: { replica: 3 } };
    const bodies = [
      { size: 1, name: '--xml', durability: replica3 },
      { size: 1, name: '-x', durability: replica3 },
      ...[`--log-file=${logMarker}`, `--remote-host=${bridge}`, '--glusterd-sock=/tmp/evil.socket', '--xml'].map((value) => ({
        size: 1, durability: replica3, glustervolumeoptions: [`user.x ${value}`],
      })),
      { size: 1, durability: replica3, glustervolumeoptions: [`--log-file=${logMarker} on`] },
      { size: 1, durability: replica3, glustervolumeoptions: ['group ../../../../etc/passwd'] },
    ];
    const before = (await api.json<{ volumes: string[] }>('GET', '/volumes')).volumes;
    for (const body of bodies) {
      const error = await api.async('POST', '/volumes', body).then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(ApiError);
      expect((error as ApiError).status).toBe(400);
    }
    const node = [...cluster.hostOfNode.keys()][0];
    for (const name of ['/dev/../dev/sdb', '/dev/sdb/..']) {
      const error = await api.async('POST', '/devices', { node, name }).then(() => undefined, (e: unknown) => e);
      expect((error as ApiError).status).toBe(400);
    }
    expect((await api.json<{ volumes: string[] }>('GET', '/volumes')).volumes).toEqual(before);
  });

  it('passes option-looking words after gluster\'s end of options as plain words on the real CLI', async () => {
    const volume = await createVolume({ size: 1, durability: { type: 'replicate', replicate: { replica: 3 } } });
    try {
      // heketi-ts's own command line for `volume set`, with values the validation would refuse
      const config = testbedSshConfig(tb);
      const argv = gluster(config, ['volume', 'set', volume.name, 'user.a', `--log-file=${logMarker}`, 'user.b', `--remote-host=${bridge}`]).argv;
      await onFirstNode(argv);
      const info = await onNode(tb, tb.nodes[0] ?? '', `gluster --mode=script volume info ${volume.name}`);
      expect(info).toContain(`user.a: --log-file=${logMarker}`);
      expect(info).toContain(`user.b: --remote-host=${bridge}`);
    } finally {
      await deleteVolume(volume.id);
    }
  });

  it('never made the marker log file appear on a node, nor contacted the bridge', async () => {
    expect(await markersOnNodes(logMarker)).toEqual([]);
    expect(existsSync(logMarker)).toBe(false);
    expect(contacts).toBe(0);
    await new Promise((resolve) => listener.close(resolve));
  });
});
