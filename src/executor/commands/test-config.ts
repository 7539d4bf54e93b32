import type { SshExecConfig } from '../../config/types.js';

/** Heketi's sshexec defaults, for the tests of the builders and the command executor. */
export const testSshConfig = (overrides: Partial<SshExecConfig> = {}): SshExecConfig => ({
  keyfile: '/nonexistent/key',
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
  debugUmountFailures: false,
  blockPrealloc: 'full',
  lvmWrapper: '',
  knownHostsFiles: [],
  insecureHostKey: true,
  connectTimeoutSeconds: 5,
  ...overrides,
});

export const fixture = async (name: string): Promise<string> => {
  const { readFile } = await import('node:fs/promises');
  return readFile(new URL(`../../../test/fixtures/executor/${name}`, import.meta.url), 'utf8');
};
