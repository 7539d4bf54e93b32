import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { KubeConnectionConfig } from '../config/types.js';
import { kubeConnection, resolveNamespace, serviceAccountDir } from './connection.js';

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

const authorization = async (connection: ReturnType<typeof kubeConnection>): Promise<string | undefined> => {
  const options: { headers?: Record<string, string> } = {};
  await connection.kubeConfig.applyToHTTPSOptions(options);
  return options.headers?.['Authorization'];
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
    const connection = kubeConnection(inCluster());
    expect(connection.source).toBe('in-cluster');
    expect(connection.kubeConfig.getCurrentCluster()?.server).toBe('https://10.0.0.1:6443');
    expect(connection.kubeConfig.getCurrentCluster()?.caFile).toBe(`${serviceAccountDir(prefix)}/ca.crt`);
    expect(connection.defaultNamespace).toBe('glusterfs');
    expect(await authorization(connection)).toBe('Bearer tok-1');
  });

  it('brackets an IPv6 service host', () => {
    writeServiceAccount({ token: 't', 'ca.crt': 'CA' });
    expect(kubeConnection(inCluster({ serviceHost: 'fd00::1' })).kubeConfig.getCurrentCluster()?.server).toBe('https://[fd00::1]:6443');
  });

  it('reads a rotated token again (bound tokens expire)', async () => {
    writeServiceAccount({ token: 'old', 'ca.crt': 'CA' });
    vi.useFakeTimers({ toFake: ['Date'] });
    const connection = kubeConnection(inCluster());
    expect(await authorization(connection)).toBe('Bearer old');
    writeServiceAccount({ token: 'new' });
    vi.setSystemTime(Date.now() + 61_000);
    expect(await authorization(connection)).toBe('Bearer new');
  });

  it("refuses to start outside a pod with Heketi's text", () => {
    writeServiceAccount({ token: 't', 'ca.crt': 'CA' });
    expect(() => kubeConnection(inCluster({ serviceHost: '' }))).toThrow(
      'Unable to create configuration for Kubernetes: unable to load in-cluster configuration, KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must be defined',
    );
  });

  it('names a missing token file', () => {
    writeServiceAccount({ 'ca.crt': 'CA' });
    expect(() => kubeConnection(inCluster())).toThrow(`open ${serviceAccountDir(prefix)}/token: no such file or directory`);
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
    const connection = kubeConnection(inCluster({ kubeconfig: file, serviceHost: '' }));
    expect(connection.source).toBe(`kubeconfig ${file}`);
    expect(connection.kubeConfig.getCurrentCluster()?.server).toBe('https://192.0.2.7:7443');
    expect(connection.defaultNamespace).toBe('storage');
    expect(await authorization(connection)).toBe('Bearer admin-token');
  });

  it('names a kubeconfig it cannot read', () => {
    expect(() => kubeConnection(inCluster({ kubeconfig: join(prefix, 'missing') }))).toThrow(/kubeconfig .*missing/);
  });
});

describe('namespace', () => {
  it('prefers the configured namespace, then the credentials, then the service account file', () => {
    writeServiceAccount({ token: 't', 'ca.crt': 'CA', namespace: 'sa-ns' });
    const connection = kubeConnection(inCluster());
    expect(resolveNamespace('configured', connection, prefix)).toBe('configured');
    expect(resolveNamespace('', connection, prefix)).toBe('sa-ns');
    expect(resolveNamespace('', { ...connection, defaultNamespace: undefined }, prefix)).toBe('sa-ns');
  });

  it('is "default" for an empty namespace file, as in Heketi', () => {
    writeServiceAccount({ token: 't', 'ca.crt': 'CA', namespace: '  \n' });
    expect(resolveNamespace('', kubeConnection(inCluster()), prefix)).toBe('default');
  });

  it("fails with Heketi's text when nothing names one", () => {
    writeServiceAccount({ token: 't', 'ca.crt': 'CA' });
    expect(() => resolveNamespace('', kubeConnection(inCluster()), prefix)).toThrow(
      `Namespace must be provided in configuration: File ${serviceAccountDir(prefix)}/namespace not found`,
    );
  });
});
