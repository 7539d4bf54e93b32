import type { RequestOptions } from 'node:https';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { KubeConnectionConfig } from '../config/types.js';
import { type KubeConnection, kubeConnection, resolveNamespace, serviceAccountDir } from './connection.js';

let prefix: string;

const inCluster = (overrides: Partial<KubeConnectionConfig> = {}): KubeConnectionConfig => ({
  kubeconfig: '',
  inClusterPrefix: prefix,
  serviceHost: '10.0.0.1',
  servicePort: '6443',
  ...overrides,
});

const writeServiceAccount = (files: Record<string, string>): void => {
  const dir = serviceAccountDir(prefix);
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
};

const authorization = async (connection: KubeConnection): Promise<string | undefined> => {
  const options: RequestOptions = {};
  await connection.access.applyToHTTPSOptions(options);
  return (options.headers as Record<string, string> | undefined)?.['Authorization'];
};

beforeEach(() => {
  prefix = mkdtempSync(join(tmpdir(), 'kube-connection-'));
});
afterEach(() => {
  vi.useRealTimers();
  rmSync(prefix, { recursive: true, force: true });
});

describe('in-cluster connection', () => {
  it('points at KUBERNETES_SERVICE_HOST/PORT with the service account token and CA', async () => {
    writeServiceAccount({ token: 'tok-1', 'ca.crt': 'CA', namespace: 'glusterfs\n' });
    const connection = await kubeConnection(inCluster());
    expect(connection.source).toBe('in-cluster');
    expect(connection.access.getCurrentCluster()?.server).toBe('https://10.0.0.1:6443');
    expect(connection.access.getCurrentCluster()?.caFile).toBe(`${serviceAccountDir(prefix)}/ca.crt`);
    expect(connection.defaultNamespace).toBe('glusterfs');
    expect(await authorization(connection)).toBe('Bearer tok-1');
  });

  it('brackets an IPv6 service host', async () => {
    writeServiceAccount({ token: 't', 'ca.crt': 'CA' });
    expect((await kubeConnection(inCluster({ serviceHost: 'fd00::1' }))).access.getCurrentCluster()?.server).toBe('https://[fd00::1]:6443');
  });

  it('reads a rotated token again (bound tokens expire)', async () => {
    writeServiceAccount({ token: 'old', 'ca.crt': 'CA' });
    vi.useFakeTimers({ toFake: ['Date'] });
    const connection = await kubeConnection(inCluster());
    expect(await authorization(connection)).toBe('Bearer old');
    writeServiceAccount({ token: 'new' });
    vi.setSystemTime(Date.now() + 61_000);
    expect(await authorization(connection)).toBe('Bearer new');
  });

  it("refuses to start outside a pod with Heketi's text", async () => {
    writeServiceAccount({ token: 't', 'ca.crt': 'CA' });
    await expect(kubeConnection(inCluster({ serviceHost: '' }))).rejects.toThrow(
      'Unable to create configuration for Kubernetes: unable to load in-cluster configuration, KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must be defined',
    );
  });

  it('names a missing token file', async () => {
    writeServiceAccount({ 'ca.crt': 'CA' });
    await expect(kubeConnection(inCluster())).rejects.toThrow(`open ${serviceAccountDir(prefix)}/token: no such file or directory`);
  });
});

describe('kubeconfig connection', () => {
  const kubeconfig = (namespace?: string): string => {
    const file = join(prefix, 'kubeconfig');
    writeFileSync(
      file,
      [
        'apiVersion: v1',
        'kind: Config',
        'clusters:',
        '- name: c',
        '  cluster: {server: "https://192.0.2.7:7443", insecure-skip-tls-verify: true}',
        'users:',
        '- name: u',
        '  user: {token: "admin-token"}',
        'contexts:',
        '- name: x',
        `  context: {cluster: c, user: u${namespace ? `, namespace: ${namespace}` : ''}}`,
        'current-context: x',
      ].join('\n'),
    );
    return file;
  };

  it("uses the file's current context and its namespace", async () => {
    const file = kubeconfig('storage');
    const connection = await kubeConnection(inCluster({ kubeconfig: file, serviceHost: '' }));
    expect(connection.source).toBe(`kubeconfig ${file}`);
    expect(connection.access.getCurrentCluster()?.server).toBe('https://192.0.2.7:7443');
    expect(connection.defaultNamespace).toBe('storage');
    expect(await authorization(connection)).toBe('Bearer admin-token');
  });

  it('names a kubeconfig it cannot read', async () => {
    await expect(kubeConnection(inCluster({ kubeconfig: join(prefix, 'missing') }))).rejects.toThrow(/kubeconfig .*missing/);
  });
});

describe('namespace', () => {
  it('prefers the configured namespace, then the credentials, then the service account file', async () => {
    writeServiceAccount({ token: 't', 'ca.crt': 'CA', namespace: 'sa-ns' });
    const connection = await kubeConnection(inCluster());
    expect(resolveNamespace('configured', connection, prefix)).toBe('configured');
    expect(resolveNamespace('', connection, prefix)).toBe('sa-ns');
    expect(resolveNamespace('', { ...connection, defaultNamespace: undefined }, prefix)).toBe('sa-ns');
  });

  it('is "default" for an empty namespace file, as in Heketi', async () => {
    writeServiceAccount({ token: 't', 'ca.crt': 'CA', namespace: '  \n' });
    expect(resolveNamespace('', await kubeConnection(inCluster()), prefix)).toBe('default');
  });

  it("fails with Heketi's text when nothing names one", async () => {
    writeServiceAccount({ token: 't', 'ca.crt': 'CA' });
    const connection = await kubeConnection(inCluster());
    expect(() => resolveNamespace('', connection, prefix)).toThrow(
      `Namespace must be provided in configuration: File ${serviceAccountDir(prefix)}/namespace not found`,
    );
  });
});
