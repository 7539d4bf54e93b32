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
  nodes: string[];
  sshKey: string;
  knownHosts: string;
  sshConfig: string;
  lvmWrapper: string;
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
  return {
    root,
    nodes: (env['TB_NODE_IPS'] ?? '').split(/\s+/).filter(Boolean),
    sshKey: env['TB_SSH_KEY'] ?? `${root}/ssh/id_ed25519`,
    knownHosts: env['TB_SSH_KNOWN_HOSTS'] ?? `${root}/ssh/known_hosts`,
    sshConfig: env['TB_SSH_CONFIG'] ?? `${root}/ssh/config`,
    lvmWrapper: env['TB_LVM_WRAPPER'] ?? '/usr/local/sbin/lvm-wrapper',
  };
};

/** The sshexec configuration for the test bed: root, its key, its known_hosts, the LVM shim wrapper. */
export const testbedSshConfig = (tb: Testbed): SshExecConfig => ({
  keyfile: tb.sshKey,
  user: 'root',
  port: 22,
  sudo: false,
  fstab: '/etc/fstab',
  mountopts: 'rw,inode64,noatime,nouuid',
  snapshotLimit: 14,
  backupLvmMetadata: false,
  glusterCliTimeout: 600,
  pvDataAlignment: '256K',
  vgPhysicalExtentSize: '4M',
  lvChunkSize: '256K',
  xfsSw: 0,
  xfsSu: 0,
  debugUmountFailures: true,
  blockPrealloc: 'full',
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

/**
 * Makes sure every node is in one trusted pool: the API tests delete their nodes, and Heketi's node
 * delete detaches peers. Probing a peer that is already in the pool is a no-op.
 */
export const ensurePool = async (tb: Testbed): Promise<void> => {
  const [first, ...others] = tb.nodes;
  if (!first) throw new Error('the test bed has no nodes');
  for (const node of others) await onNode(tb, first, `gluster --mode=script peer probe ${node} >/dev/null`);
  for (let attempt = 0; attempt < 150; attempt++) {
    const list = await onNode(tb, first, 'gluster --mode=script pool list');
    if ((list.match(/\tConnected/g) ?? []).length === tb.nodes.length) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('the trusted pool did not form');
};
