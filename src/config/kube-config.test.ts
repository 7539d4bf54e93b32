import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from './load-config.js';

const dir = mkdtempSync(join(tmpdir(), 'heketi-ts-kube-config-'));
let counter = 0;

const kubeFile = (glusterfs: Record<string, unknown> = {}): string => {
  const file = join(dir, `heketi-${counter++}.json`);
  writeFileSync(file, JSON.stringify({ jwt: { admin: { key: 'a' }, user: { key: 'u' } }, glusterfs: { executor: 'kubernetes', ...glusterfs } }));
  return file;
};

const resolve = (glusterfs: Record<string, unknown> = {}, env: Record<string, string> = {}) =>
  resolveConfig({ configFile: kubeFile(glusterfs), env });

describe('the kubernetes executor configuration', () => {
  it('accepts "kubernetes" and "kube", from the file or HEKETI_EXECUTOR, without an ssh key', () => {
    expect(resolve().config.glusterfs.executor).toBe('kubernetes');
    expect(resolve({ executor: 'kube' }).config.glusterfs.executor).toBe('kubernetes');
    expect(resolve({ executor: 'ssh' }, { HEKETI_EXECUTOR: 'kube' }).config.glusterfs.executor).toBe('kubernetes');
  });

  it("applies Heketi's kubeexec defaults", () => {
    const kube = resolve().config.glusterfs.kubeexec;
    expect(kube).toMatchObject({
      namespace: '',
      glusterDaemonset: false,
      usePodNames: false,
      maxConnections: 64,
      disableTimeoutPrefix: false,
      fstab: '/etc/fstab',
      mountopts: 'rw,inode64,noatime,nouuid',
      glusterCliTimeout: 600,
      lvmWrapper: '',
    });
    expect(kube.connection).toEqual({ kubeconfig: '', inClusterPrefix: '', serviceHost: '', servicePort: '' });
  });

  it('reads the command keys shared with sshexec from glusterfs.kubeexec, not sshexec', () => {
    const kube = resolve({
      sshexec: { fstab: '/ssh/fstab' },
      kubeexec: { fstab: '/kube/fstab', lvm_wrapper: '/usr/local/sbin/lvm-wrapper', backup_lvm_metadata: true, xfs_sw: 2, xfs_su: 64 },
    }).config.glusterfs.kubeexec;
    expect([kube.fstab, kube.lvmWrapper, kube.backupLvmMetadata, kube.xfsSw, kube.xfsSu]).toEqual([
      '/kube/fstab',
      '/usr/local/sbin/lvm-wrapper',
      true,
      2,
      64,
    ]);
  });

  it('max_connections: 0 is the default 64, a negative value means no limit', () => {
    expect(resolve({ kubeexec: { max_connections: 5 } }).config.glusterfs.kubeexec.maxConnections).toBe(5);
    expect(resolve({ kubeexec: { max_connections: 0 } }).config.glusterfs.kubeexec.maxConnections).toBe(64);
    expect(resolve({ kubeexec: { max_connections: -1 } }).config.glusterfs.kubeexec.maxConnections).toBe(Infinity);
  });

  it('takes HEKETI_KUBE_* and the shared HEKETI_* variables', () => {
    const kube = resolve(
      { kubeexec: { namespace: 'file-ns', fstab: '/file' } },
      { HEKETI_KUBE_NAMESPACE: 'env-ns', HEKETI_FSTAB: '/env/fstab', HEKETI_LVM_WRAPPER: '/w', HEKETI_GLUSTER_CLI_TIMEOUT: '120' },
    ).config.glusterfs.kubeexec;
    expect([kube.namespace, kube.fstab, kube.lvmWrapper, kube.glusterCliTimeout]).toEqual(['env-ns', '/env/fstab', '/w', 120]);
  });

  it('reads only the first character of the HEKETI_KUBE_* flags (y/1 true, n/0 false, else unchanged)', () => {
    const flags = (value: string, file: boolean) => {
      const kube = resolve(
        { kubeexec: { gluster_daemonset: file, use_pod_names: file } },
        { HEKETI_KUBE_GLUSTER_DAEMONSET: value, HEKETI_KUBE_USE_POD_NAMES: value },
      ).config.glusterfs.kubeexec;
      return [kube.glusterDaemonset, kube.usePodNames];
    };
    expect(flags('yes', false)).toEqual([true, true]);
    expect(flags('Y', false)).toEqual([true, true]);
    expect(flags('1', false)).toEqual([true, true]);
    expect(flags('no', true)).toEqual([false, false]);
    expect(flags('0', true)).toEqual([false, false]);
    expect(flags('true', false)).toEqual([false, false]);
    expect(flags('true', true)).toEqual([true, true]);
  });

  it('connects with glusterfs.kubeexec.kubeconfig, else KUBECONFIG (its first file), else in-cluster', () => {
    const env = { KUBERNETES_SERVICE_HOST: '10.96.0.1', KUBERNETES_SERVICE_PORT: '443' };
    expect(resolve({ kubeexec: { kubeconfig: '/etc/k.conf' } }, { ...env, KUBECONFIG: '/other' }).config.glusterfs.kubeexec.connection.kubeconfig).toBe('/etc/k.conf');
    const fromEnv = resolve({}, { KUBECONFIG: '/a:/b' });
    expect(fromEnv.config.glusterfs.kubeexec.connection.kubeconfig).toBe('/a');
    expect(fromEnv.warnings.join('\n')).toMatch(/KUBECONFIG lists 2 files; heketi-ts reads only the first, \/a/);
    expect(resolve({ kubeexec: { in_cluster_prefix: '/tmp/sa' } }, env).config.glusterfs.kubeexec.connection).toEqual({
      kubeconfig: '',
      inClusterPrefix: '/tmp/sa',
      serviceHost: '10.96.0.1',
      servicePort: '443',
    });
  });

  it('warns that sudo does not apply in a pod, and ignores the legacy host/cert/user/password keys', () => {
    const { warnings } = resolve({ kubeexec: { sudo: true, host: 'https://x:8443', cert: '/c', user: 'u', password: 'p' } });
    expect(warnings).toEqual(['glusterfs.kubeexec.sudo is ignored: commands run in the pod as its user (as in Heketi)']);
  });
});
