import { testSshConfig } from '../../../src/executor/commands/test-config.js';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import type { SshExecConfig } from '../../../src/config/types.js';
import type { BrickRequest, BrickSpec } from '../../../src/executor/executor.js';
import { randomIdGen } from '../../../src/domain/ids.js';
import { brickPath } from '../../../src/domain/naming.js';
import { GiB } from '../../../src/domain/units.js';

const run = promisify(execFile);

/** What testbed-up.sh wrote to $TB_ROOT/env, read from the environment or from the file itself. */
export interface Testbed {
  root: string;
  /** The nodes most tests use: the first three (replica 3, arbiter, disperse 2+1). */
  nodes: string[];
  /** Every node of the test bed (six in run.sh, for disperse 4+2). */
  allNodes: string[];
  sshKey: string;
  knownHosts: string;
  sshConfig: string;
  lvmWrapper: string;
  /** The bed's /24 (TB_SUBNET, e.g. 10.213.77): the host side is .1, node i is .(10+i). */
  subnet: string;
}

const readEnvFile = (file: string): Record<string, string> => {
  const values: Record<string, string> = {};
  for (const match of readFileSync(file, 'utf8').matchAll(/(\w+)=("([^"]*)"|(\S*))/g)) {
    values[match[1] ?? ''] = match[3] ?? match[4] ?? '';
  }
  return values;
};

export const loadTestbed = (): Testbed => {
  const root = process.env['TB_ROOT'] ?? '/var/tmp/gtb';
  const file = `${root}/env`;
  if (!existsSync(file)) throw new Error(`the test bed is not up (${file} missing): run test/e2e/run.sh`);
  const env = { ...readEnvFile(file), ...process.env } as Record<string, string>;
  const allNodes = (env['TB_NODE_IPS'] ?? '').split(/\s+/).filter(Boolean);
  return {
    root,
    nodes: allNodes.slice(0, 3),
    allNodes,
    sshKey: env['TB_SSH_KEY'] ?? `${root}/ssh/id_ed25519`,
    knownHosts: env['TB_SSH_KNOWN_HOSTS'] ?? `${root}/ssh/known_hosts`,
    sshConfig: env['TB_SSH_CONFIG'] ?? `${root}/ssh/config`,
    lvmWrapper: env['TB_LVM_WRAPPER'] ?? '/usr/local/sbin/lvm-wrapper',
    subnet: env['TB_SUBNET'] ?? (allNodes[0] ?? '').replace(/\.\d+$/, ''),
  };
};

/** The sshexec configuration for the test bed: root, its key, its known_hosts, the LVM shim wrapper. */
/** An address on the bed's subnet that no node has (for unreachable-node and refused-hostname cases). */
export const spareAddress = (tb: Testbed, last: number): string => `${tb.subnet}.${last}`;

export const testbedSshConfig = (tb: Testbed): SshExecConfig =>
  testSshConfig({
    keyfile: tb.sshKey,
    debugUmountFailures: true,
    lvmWrapper: tb.lvmWrapper,
    knownHostsFiles: [tb.knownHosts],
    insecureHostKey: false,
    connectTimeoutSeconds: 10,
  });

/**
 * Runs a shell command on a node with the system ssh client: an independent way to look at the
 * nodes, so that checks do not go through the code under test.
 */
export const onNode = async (tb: Testbed, host: string, script: string): Promise<string> => {
  const { stdout } = await run('ssh', ['-F', tb.sshConfig, host, script], { maxBuffer: 64 * 1024 * 1024 });
  return stdout;
};

export const newId = (): string => randomIdGen.next();

/** A node's address as a regular expression source (the dots literal): messages name the bed's own subnet. */
export const hostPattern = (host: string): string => host.replace(/\./g, '\\.');

/** A brick request of `sizeGib` on device `vgId`, with the names heketi-ts gives bricks. */
export const brickRequest = (
  vgId: string,
  options: { sizeGib?: number; gid?: number; format?: 'normal' | 'arbiter' } = {},
): BrickRequest => {
  const id = newId();
  const sizeKib = (options.sizeGib ?? 1) * GiB;
  return {
    vgId,
    name: id,
    tpName: `tp_${id}`,
    lvName: `brick_${id}`,
    sizeKib,
    tpSizeKib: sizeKib,
    poolMetadataSizeKib: 8192,
    gid: options.gid ?? 0,
    path: brickPath(vgId, id),
    format: options.format ?? 'normal',
  };
};

export const brickSpec = (host: string, brick: BrickRequest): BrickSpec => ({ host, path: brick.path });

/** Leftovers of a brick on its node: mount, fstab line, LVs, directory. Empty when clean. */
export const brickLeftovers = async (tb: Testbed, host: string, brick: BrickRequest): Promise<string[]> => {
  const out = await onNode(
    tb,
    host,
    [
      `mount | grep -c -- 'brick_${brick.name}' || true`,
      `grep -c -- 'brick_${brick.name}' /etc/fstab || true`,
      `/usr/local/sbin/lvs --noheadings -o lv_name 2>/dev/null | grep -c -- '${brick.name}' || true`,
      `test -e ${brick.path.replace(/\/brick$/, '')} && echo 1 || echo 0`,
    ].join('; '),
  );
  const [mounts, fstab, lvs, dir] = out.trim().split('\n');
  return [
    ...(mounts !== '0' ? ['mount'] : []),
    ...(fstab !== '0' ? ['fstab line'] : []),
    ...(lvs !== '0' ? ['LV'] : []),
    ...(dir !== '0' ? ['mount directory'] : []),
  ];
};

const retry = async <T>(attempt: () => Promise<T>, times = 150): Promise<T> => {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (e) {
      if (i >= times) throw e;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
};

/** How many peers a node's glusterd lists as its pool (itself included); 0 while it does not answer. */
const poolSize = async (tb: Testbed, host: string): Promise<number> =>
  onNode(tb, host, 'gluster --mode=script pool list').then((list) => (list.match(/\tConnected/g) ?? []).length, () => 0);

/**
 * Probes `node` from `anchor`. A node still in another pool (two pieces of more than one node)
 * first leaves it by detaching its peers; a probe fails while the peer's glusterd is still
 * starting (a test restarted it), so it is tried again.
 */
const joinPool = async (tb: Testbed, anchor: string, node: string): Promise<void> => {
  const probe = (): Promise<string> => onNode(tb, anchor, `gluster --mode=script peer probe ${node} >/dev/null`);
  const first = await probe().then(() => undefined, (e: Error) => e);
  if (!first) return;
  if (/part of another cluster/.test(first.message)) {
    await onNode(tb, node, "gluster --mode=script pool list | awk 'NR > 1 && $2 != \"localhost\" { print $2 }' | xargs -r -n1 gluster --mode=script peer detach");
  }
  await retry(probe, 50);
};

/**
 * Makes sure every node is in one trusted pool. Heketi's node delete detaches peers, so after a
 * test deleted its cluster the pool is in pieces: the nodes outside that cluster, still together
 * with the last node deleted, and lone nodes. A lone node can be probed into a pool, so the
 * probes start from the node with the largest pool.
 */
export const ensurePool = async (tb: Testbed): Promise<void> => {
  const sizes = await Promise.all(tb.allNodes.map((host) => poolSize(tb, host)));
  const anchor = tb.allNodes[sizes.indexOf(Math.max(...sizes))];
  if (!anchor) throw new Error('the test bed has no nodes');
  for (const node of tb.allNodes.filter((n) => n !== anchor)) await joinPool(tb, anchor, node);
  for (let attempt = 0; attempt < 150; attempt++) {
    if ((await poolSize(tb, anchor)) === tb.allNodes.length) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('the trusted pool did not form');
};

/**
 * Ends the brick processes (glusterfsd) of these nodes, as a node restart would, leaving glusterd
 * and the volumes as they are. The nodes share the machine's PID namespace, so the match is on the
 * brick process's own `-s <node address>` argument: this bed's nodes only, never another bed's.
 * Used before deleting many volumes: glusterd's `volume stop` waits about a second for each
 * running brick process to end, and those waits do not overlap across volumes.
 */
export const endBrickProcesses = async (tb: Testbed, hosts: string[]): Promise<void> => {
  await Promise.all(
    hosts.map((host) => {
      // The bracket keeps the pattern from matching the shell that runs it.
      const bricks = `'^/usr/sbin/glusterfs[d] -s ${hostPattern(host)} '`;
      return onNode(tb, host, `pkill -f -- ${bricks} || true; for i in $(seq 50); do pgrep -f -- ${bricks} >/dev/null || exit 0; sleep 0.2; done; exit 1`);
    }),
  );
};

/** Runs `tb-node.sh <command> <n>` for the node with this address (stop, start, isolate, rejoin). */
export const tbNode = async (tb: Testbed, command: 'stop' | 'start' | 'isolate' | 'rejoin', host: string): Promise<void> => {
  const index = tb.allNodes.indexOf(host) + 1;
  if (index === 0) throw new Error(`${host} is not a test bed node`);
  const script = new URL('../testbed/tb-node.sh', import.meta.url).pathname;
  await run('bash', [script, command, String(index)], { env: { ...process.env, TB_ROOT: tb.root } });
};
