import { copyFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiCluster, type VolumeInfo, loadCluster, pvCounts, unloadCluster } from './helpers/api-cluster.js';
import { dropCaches, mountVolume, sha256File, unmountVolume, writeRandomFile } from './helpers/fuse.js';
import { type ApiClient, type HeketiProcess, startHeketi } from './helpers/heketi-server.js';
import { type Leftover, LVM, handmadeBrick, killAndUnmount, removeBrickByHand } from './helpers/hand-drift.js';
import { ensurePool, loadTestbed, newId, onNode } from './helpers/testbed.js';

// Drift repairs SIGKILLed on the real test bed: for each kind of repair operation, drift of that
// kind is made by hand, `state repair --apply` runs on a server started from dist/ that kills itself
// at one phase boundary (HEKETI_TS_CRASH_AT, src/operations/crash-points.ts), and the server is
// started again. Recovery must leave no operation pending; repairs roll forward (their exec is
// repeatable), so the drift is gone; an adoption interrupted before its exec was recorded done is
// undone, so its orphan volume is reported again and a second repair adopts it. The data of the
// volumes whose bricks are repaired reads back with the same checksum.
const tb = loadTestbed();
const [h1, h2, h3] = tb.nodes as [string, string, string];
const POINTS = ['after-build', 'after-exec', 'after-finalize'] as const;
type Point = (typeof POINTS)[number];
// After the finalize, the operation is over in the same transaction for every kind of repair
// operation, so that point runs for one RepairOperation kind and for the adoption (its own class).
const BEFORE_FINALIZE: Point[] = ['after-build', 'after-exec'];

let heketi: HeketiProcess | undefined;
let api: ApiClient;
let port: number;
let cluster: ApiCluster | undefined;
const liveVolumes = new Set<string>();
const fuseMounts = new Set<string>();
// What a failed test leaves on the nodes, removed before the cluster is unloaded.
const leftovers: Leftover[] = [];

interface Finding {
  class: string;
  kind: string;
}
const drift = async (): Promise<string[]> =>
  (await api.json<{ findings: Finding[] }>('GET', '/internal/state/drift')).findings.map((f) => `${f.class}/${f.kind}`).sort();
const repair = (body: Record<string, unknown> = {}) =>
  api.async<{ errors: string[]; plan: { repairs: { action: { type: string } }[] } }>('POST', '/internal/state/repair', body);

const replica3 = async (): Promise<VolumeInfo> => {
  const volume = (await api.async<VolumeInfo>('POST', '/volumes', { size: 1, durability: { type: 'replicate', replicate: { replica: 3 } } })) as VolumeInfo;
  liveVolumes.add(volume.id);
  return volume;
};
const brickOn = (volume: VolumeInfo, host: string) => volume.bricks.find((b) => cluster!.hostOfNode.get(b.node) === host)!;
const deviceOn = async (host: string): Promise<string> => {
  const nodeId = [...cluster!.hostOfNode].find(([, h]) => h === host)![0];
  return (await api.json<{ devices: { id: string }[] }>('GET', `/nodes/${nodeId}`)).devices[0]!.id;
};
const mounted = async (host: string, dir: string): Promise<boolean> =>
  (await onNode(tb, host, `mountpoint -q ${dir} && echo yes || echo no`)).trim() === 'yes';

/** One kind of repair operation: how to make its drift, and how to see on the nodes that it was repaired. */
interface Kind {
  /** The operation's type name, as HEKETI_TS_CRASH_AT names it. */
  typeName: string;
  /** The drift the report shows before the repair. */
  finding: string;
  /** Makes the drift; returns the repair's request body and a check on the nodes (throws when not repaired). */
  make(): Promise<{ body: Record<string, unknown>; repaired: () => Promise<void> }>;
  /** Whether recovery undoes the repair interrupted at this point (else it finishes it). */
  undoneAt(point: Point): boolean;
  /** Where the server is killed. */
  points: readonly Point[];
}

let payload: VolumeInfo; // restore-bricks: a brick of it is unmounted, then remounted
let rebuilt: VolumeInfo; // rebuild-brick: a brick LV of it is removed, then made again empty
const data = new Map<string, { mnt: string; sha: string }>();
let serial = 0;

const KINDS: Kind[] = [
  {
    typeName: 'repair-restore-bricks',
    finding: 'unmounted/brick-unmounted',
    undoneAt: () => false,
    points: POINTS,
    async make() {
      const brick = brickOn(payload, h2);
      await killAndUnmount(tb, h2, brick.path);
      return {
        body: {},
        repaired: async () => expect(await mounted(h2, brick.path.replace(/\/brick$/, '')), 'the brick is mounted again').toBe(true),
      };
    },
  },
  {
    typeName: 'repair-rebuild-brick',
    finding: 'missing/brick-lv-missing',
    undoneAt: () => false,
    points: BEFORE_FINALIZE,
    async make() {
      const brick = brickOn(rebuilt, h3);
      await killAndUnmount(tb, h3, brick.path);
      await onNode(tb, h3, `${LVM} lvremove --autobackup=n -f vg_${brick.device}/brick_${brick.id}`);
      return {
        body: {},
        repaired: async () => {
          expect(await mounted(h3, brick.path.replace(/\/brick$/, '')), 'the rebuilt brick is mounted').toBe(true);
          // glusterd starts the brick process a few seconds after reset-brick's commit answered.
          const online = await onNode(
            tb,
            h1,
            `for i in $(seq 60); do gluster --mode=script volume status ${rebuilt.name} ${h3}:${brick.path} detail | grep -q '^Online *: Y' && echo online && break; sleep 0.5; done`,
          );
          expect(online.trim(), 'the rebuilt brick is online in gluster').toBe('online');
        },
      };
    },
  },
  {
    typeName: 'repair-remove-orphan-brick',
    finding: 'orphan/orphan-lv',
    undoneAt: () => false,
    points: BEFORE_FINALIZE,
    async make() {
      const device = await deviceOn(h1);
      const orphan = newId();
      leftovers.push({ host: h1, script: removeBrickByHand(device, orphan) });
      await onNode(tb, h1, `${LVM} lvcreate -qq --autobackup=n --poolmetadatasize 8192K --chunksize 256K --size 65536K --thin vg_${device}/tp_${orphan} --virtualsize 65536K --name brick_${orphan}`);
      return {
        body: {},
        repaired: async () => expect((await onNode(tb, h1, `${LVM} lvs --noheadings -o lv_name | grep -c ${orphan} || true`)).trim(), 'the orphan LV and pool are gone').toBe('0'),
      };
    },
  },
  {
    typeName: 'repair-adopt-volume',
    finding: 'orphan/orphan-volume',
    // Adoption is undone unless its exec was recorded done (that happens with the finalize).
    undoneAt: (point) => point !== 'after-finalize',
    points: POINTS,
    async make() {
      const name = `handmade${++serial}`;
      const bricks: string[] = [];
      for (const host of [h1, h2, h3]) bricks.push(await handmadeBrick(tb, leftovers, host, await deviceOn(host), newId()));
      leftovers.push({ host: h1, script: `gluster --mode=script volume stop ${name} force; gluster --mode=script volume delete ${name}` });
      await onNode(tb, h1, `gluster --mode=script volume create ${name} replica 3 ${bricks.join(' ')} && gluster --mode=script volume start ${name}`);
      return {
        body: {},
        repaired: async () => {
          const volumes = await Promise.all((await api.json<{ volumes: string[] }>('GET', '/volumes')).volumes.map((id) => api.json<VolumeInfo>('GET', `/volumes/${id}`)));
          const adopted = volumes.find((v) => v.name === name);
          expect(adopted, `${name} is a heketi-ts volume`).toBeDefined();
          liveVolumes.add(adopted!.id);
          expect(adopted!.bricks.map((b) => `${cluster!.hostOfNode.get(b.node)}:${b.path}`).sort()).toEqual([...bricks].sort());
        },
      };
    },
  },
  {
    typeName: 'repair-delete-foreign-volume',
    finding: 'orphan/orphan-volume',
    undoneAt: () => false,
    points: BEFORE_FINALIZE,
    async make() {
      // Not heketi-ts-style bricks (plain directories), so never adopted; deleted only when named.
      const name = `foreign${++serial}`;
      const dir = `/var/lib/heketi/${name}`;
      for (const host of [h1, h2, h3]) {
        leftovers.push({ host, script: `rm -rf ${dir}` });
        await onNode(tb, host, `mkdir -p ${dir}`);
      }
      leftovers.push({ host: h1, script: `gluster --mode=script volume stop ${name} force; gluster --mode=script volume delete ${name}` });
      await onNode(tb, h1, `gluster --mode=script volume create ${name} replica 3 ${[h1, h2, h3].map((h) => `${h}:${dir}/b`).join(' ')} force && gluster --mode=script volume start ${name}`);
      return {
        body: { delete_foreign_volumes: [name] },
        repaired: async () => {
          expect((await onNode(tb, h1, 'gluster --mode=script volume list')).split('\n'), `${name} is deleted`).not.toContain(name);
          for (const host of [h1, h2, h3]) await onNode(tb, host, `rm -rf ${dir}`);
        },
      };
    },
  },
];

beforeAll(async () => {
  await ensurePool(tb);
  heketi = await startHeketi(tb, { dist: true });
  api = heketi.api;
  port = Number(new URL(api.base).port);
  cluster = await loadCluster(api, tb.nodes);
  [payload, rebuilt] = [await replica3(), await replica3()];
  for (const v of [payload, rebuilt]) {
    const mnt = await mountVolume(tb, h1, v.name);
    fuseMounts.add(mnt);
    const sha = await writeRandomFile(`${tb.root}/client/${v.name}.payload`, 8);
    await copyFile(`${tb.root}/client/${v.name}.payload`, `${mnt}/payload`);
    data.set(v.id, { mnt, sha });
  }
  expect(await drift()).toEqual([]);
}, 300_000);

afterAll(async () => {
  try {
    for (const mnt of fuseMounts) await unmountVolume(mnt).catch(() => undefined);
    for (const { host, script } of leftovers.reverse()) await onNode(tb, host, script).catch(() => undefined);
    if (cluster) await unloadCluster(api, cluster, liveVolumes);
  } finally {
    await heketi?.stop();
    await ensurePool(tb);
  }
  expect(await pvCounts(tb, tb.nodes)).toEqual(tb.nodes.map(() => '0'));
}, 300_000);

describe('drift repairs SIGKILLed at each phase boundary on the test bed recover as any operation does', () => {
  let started = 0;
  beforeAll(() => void (started = Date.now()));
  const cases = KINDS.flatMap((kind) => kind.points.map((point) => [`${kind.typeName}:${point}`, kind, point] as const));
  afterAll(() => console.log(`drift repair crash: ${cases.length} kills (${KINDS.length} kinds of repair operation) in ${((Date.now() - started) / 1000).toFixed(1)} s`));

  it.each(cases)(
    '%s',
    async (target, kind, point) => {
      const t0 = Date.now();
      const { body, repaired } = await kind.make();
      expect(await drift(), 'the drift made by hand').toEqual([kind.finding]);
      await heketi!.stop();
      heketi = await startHeketi(tb, { dist: true, dir: heketi!.dir, port, env: { HEKETI_TS_CRASH_AT: target } });
      const accepted = await api.raw('POST', '/internal/state/repair', body);
      expect(accepted.status).toBe(202);
      expect(await heketi.exited(), 'the server killed itself at the crash point').toBe('SIGKILL');
      // The kill lands at a phase boundary, with no command on its way to a node: nothing for
      // recovery's settle wait (10 s by default) to wait for.
      heketi = await startHeketi(tb, { dist: true, dir: heketi.dir, port, readyTimeoutMs: 120_000, recoverySettleSeconds: 0 });
      const operations = await api.json<{ total: number }>('GET', '/operations');
      expect(operations.total, `nothing pending after recovery: ${JSON.stringify(operations)}\n${heketi.output()}`).toBe(0);
      if (kind.undoneAt(point)) {
        expect(await drift(), 'the undone repair left the drift as it was').toEqual([kind.finding]);
        const again = await repair(body);
        expect(again!.errors).toEqual([]);
      }
      expect(await drift(), 'no drift after recovery').toEqual([]);
      await repaired();
      await dropCaches();
      for (const [id, { sha, mnt }] of data) expect(await sha256File(`${mnt}/payload`), `data of ${id}`).toBe(sha);
      console.log(`drift repair crash ${target}: ${kind.undoneAt(point) ? 'undone, repaired again' : 'finished by recovery'} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    },
    300_000,
  );
});
