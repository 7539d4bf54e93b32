import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { KubeExecConfig } from '../config/types.js';
import { serviceAccountDir } from '../kube/connection.js';
import { testSshConfig } from './commands/test-config.js';
import { createKubeExecutor } from './kube-executor.js';

const kubeConfig = (overrides: Partial<KubeExecConfig> = {}, connection: Partial<KubeExecConfig['connection']> = {}): KubeExecConfig => {
  const { keyfile: _k, user: _u, port: _p, sudo: _s, knownHostsFiles: _h, insecureHostKey: _i, connectTimeoutSeconds: _c, ...command } = testSshConfig();
  return {
    ...command,
    namespace: '',
    glusterDaemonset: true,
    usePodNames: false,
    maxConnections: 64,
    disableTimeoutPrefix: false,
    connection: { kubeconfig: '', inClusterPrefix: '', serviceHost: '', servicePort: '', ...connection },
    ...overrides,
  };
};

describe('createKubeExecutor', () => {
  it('refuses to start without in-cluster credentials, as Heketi', async () => {
    await expect(createKubeExecutor(kubeConfig())).rejects.toThrow(/^Unable to create configuration for Kubernetes: unable to load in-cluster configuration/);
  });

  it('refuses to start without a namespace', async () => {
    const prefix = mkdtempSync(join(tmpdir(), 'kube-executor-'));
    mkdirSync(serviceAccountDir(prefix), { recursive: true });
    for (const file of ['token', 'ca.crt']) writeFileSync(join(serviceAccountDir(prefix), file), 'x');
    const connection = { inClusterPrefix: prefix, serviceHost: '127.0.0.1', servicePort: '1' };
    await expect(createKubeExecutor(kubeConfig({}, connection))).rejects.toThrow(/^Namespace must be provided in configuration: File .* not found/);
    const notes: string[] = [];
    await createKubeExecutor(kubeConfig({ namespace: 'glusterfs' }, connection), { info: (m) => notes.push(m) });
    expect(notes).toEqual(['kubernetes executor: in-cluster, namespace glusterfs, pods by daemonset']);
  });
});
