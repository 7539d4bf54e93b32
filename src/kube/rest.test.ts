import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InClusterAccess } from './access.js';
import { kubePodApi } from './pod-api.js';
import { kubeSecretValue } from './secret-store.js';

// The core/v1 calls against a real HTTP server on loopback that answers as the API server does
// (the API server's plain port: the in-cluster scheme is http on 80, 8080 and 8001).

interface Seen {
  method: string;
  url: string;
  authorization: string | undefined;
  body: unknown;
}

let dir: string;
let server: Server;
let seen: Seen[];
let answer: (req: Seen) => { status: number; body: unknown };

const readBody = async (req: IncomingMessage): Promise<unknown> => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString();
  return text === '' ? undefined : (JSON.parse(text) as unknown);
};

const access = (): InClusterAccess => {
  const { port } = server.address() as AddressInfo;
  return new InClusterAccess(`http://127.0.0.1:${port}`, join(dir, 'ca.crt'), join(dir, 'token'));
};

const status = (code: number, message: string) => ({ status: code, body: { kind: 'Status', apiVersion: 'v1', status: 'Failure', message, code } });

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kube-rest-'));
  writeFileSync(join(dir, 'ca.crt'), 'CA');
  writeFileSync(join(dir, 'token'), 'sa-token\n');
  seen = [];
  server = createServer((req, res) => {
    void readBody(req).then((body) => {
      const request = { method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization, body };
      seen.push(request);
      const reply = answer(request);
      res.writeHead(reply.status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});

afterEach(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

describe('pod reads', () => {
  it('lists the pods of a label selector with the service account token', async () => {
    answer = () => ({
      status: 200,
      body: { kind: 'PodList', items: [{ metadata: { name: 'glusterfs-a' }, spec: { nodeName: 'node1' } }, { metadata: { name: 'glusterfs-b' }, spec: {} }] },
    });
    const pods = await kubePodApi(access()).listPods('storage ns', 'glusterfs-node==node 1');
    expect(pods).toEqual([
      { name: 'glusterfs-a', nodeName: 'node1' },
      { name: 'glusterfs-b', nodeName: undefined },
    ]);
    expect(seen).toEqual([
      { method: 'GET', url: '/api/v1/namespaces/storage%20ns/pods?labelSelector=glusterfs-node%3D%3Dnode%201', authorization: 'Bearer sa-token', body: undefined },
    ]);
  });

  it("reads a pod's container names in order", async () => {
    answer = () => ({ status: 200, body: { kind: 'Pod', spec: { containers: [{ name: 'glusterfs' }, { name: 'sidecar' }] } } });
    expect(await kubePodApi(access()).containerNames('ns', 'glusterfs-a')).toEqual(['glusterfs', 'sidecar']);
    expect(seen[0]!.url).toBe('/api/v1/namespaces/ns/pods/glusterfs-a');
  });

  it("fails with the API's Status message, not a dump", async () => {
    answer = () => status(403, 'pods is forbidden: User "system:serviceaccount:ns:heketi" cannot list resource "pods" in API group "" in the namespace "ns"');
    await expect(kubePodApi(access()).listPods('ns', 'glusterfs-node')).rejects.toThrow(
      'HTTP 403: pods is forbidden: User "system:serviceaccount:ns:heketi" cannot list resource "pods" in API group "" in the namespace "ns"',
    );
  });

  it('names a refused connection', async () => {
    const unreachable = access();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await expect(kubePodApi(unreachable).listPods('ns', 'x')).rejects.toThrow(/ECONNREFUSED/);
    server = createServer().listen(0, '127.0.0.1'); // for afterEach
  });
});

describe('secret value', () => {
  const stored = new Map<string, Record<string, unknown>>();
  const secretApi = (req: Seen): { status: number; body: unknown } => {
    const path = '/api/v1/namespaces/ns/secrets';
    if (req.method === 'GET' && req.url === `${path}/backup`) {
      const secret = stored.get('backup');
      return secret ? { status: 200, body: secret } : status(404, 'secrets "backup" not found');
    }
    if (req.method === 'POST' && req.url === path) {
      stored.set('backup', { ...(req.body as object), metadata: { name: 'backup', namespace: 'ns', resourceVersion: '1' } });
      return { status: 201, body: stored.get('backup') };
    }
    if (req.method === 'PUT' && req.url === `${path}/backup`) {
      const body = req.body as { metadata: { resourceVersion: string } };
      if (body.metadata.resourceVersion !== stored.get('backup')?.['metadata']?.['resourceVersion' as never]) return status(409, 'conflict');
      stored.set('backup', { ...body, metadata: { ...body.metadata, resourceVersion: String(Number(body.metadata.resourceVersion) + 1) } });
      return { status: 200, body: stored.get('backup') };
    }
    return status(405, 'unexpected');
  };

  beforeEach(() => {
    stored.clear();
    answer = secretApi;
  });

  it('reads nothing from a missing secret, then creates it on the first write', async () => {
    const value = kubeSecretValue(access(), 'ns', 'backup', 'heketi.db.gz');
    expect(await value.read()).toBeUndefined();
    await value.write(Buffer.from('db bytes'));
    expect(seen.map((r) => r.method)).toEqual(['GET', 'GET', 'POST']);
    expect(seen[2]!.body).toEqual({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'backup', namespace: 'ns' }, type: 'Opaque', data: { 'heketi.db.gz': Buffer.from('db bytes').toString('base64') } });
    expect((await value.read())?.toString()).toBe('db bytes');
  });

  it("replaces only its key of an existing secret, conditional on the read's resourceVersion", async () => {
    stored.set('backup', { kind: 'Secret', metadata: { name: 'backup', namespace: 'ns', resourceVersion: '7', labels: { app: 'heketi' } }, data: { other: 'b3RoZXI=' } });
    const value = kubeSecretValue(access(), 'ns', 'backup', 'heketi.db.gz');
    await value.write(Buffer.from('v2'));
    const put = seen.find((r) => r.method === 'PUT')!;
    expect(put.body).toMatchObject({ metadata: { resourceVersion: '7', labels: { app: 'heketi' } }, data: { other: 'b3RoZXI=', 'heketi.db.gz': Buffer.from('v2').toString('base64') } });
    expect(stored.get('backup')?.['data']).toEqual({ other: 'b3RoZXI=', 'heketi.db.gz': Buffer.from('v2').toString('base64') });
  });

  it('says which call the API refused and why', async () => {
    answer = () => status(403, 'secrets "backup" is forbidden: User "x" cannot get resource "secrets"');
    await expect(kubeSecretValue(access(), 'ns', 'backup', 'k').read()).rejects.toThrow(
      'reading secret ns/backup key k: HTTP 403: secrets "backup" is forbidden: User "x" cannot get resource "secrets"',
    );
  });
});
