import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { ADMIN_KEY, testConfig } from '../helpers/server.js';

/** A self-signed certificate for 127.0.0.1 and localhost, made by openssl for this test. */
function makeCertificate(dir: string, name: string): { cert: string; key: string } {
  const cert = join(dir, `${name}.crt`);
  const key = join(dir, `${name}.key`);
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
    '-subj', `/CN=${name}`, '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost', '-keyout', key, '-out', cert,
  ], { stdio: 'ignore' });
  return { cert, key };
}

async function cli(...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io = { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t), env: {}, sleep: async () => undefined };
  const status = await runCli(['node', 'heketi-ts', ...args], io);
  return { status, stdout: out.join(''), stderr: err.join('') };
}

/** A plain-HTTP GET: the answer's status, the error code when the connection fails, or 'no answer'. */
const plainGet = (port: number, path: string): Promise<string> =>
  new Promise((resolve) => {
    const req = httpRequest({ host: '127.0.0.1', port, path }, (res) => {
      res.resume();
      resolve(`HTTP ${res.statusCode}`);
    });
    req.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
    // a TLS server may simply wait for a handshake that never comes
    req.setTimeout(3000, () => {
      req.destroy();
      resolve('no answer');
    });
  });

describe('enable_tls: the API over real TLS', () => {
  let dir: string;
  let server: RunningServer;
  let own: { cert: string; key: string };
  let other: { cert: string; key: string };
  let url: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'heketi-ts-tls-'));
    own = makeCertificate(dir, 'server');
    other = makeCertificate(dir, 'other');
    const config = testConfig(dir, (c) => {
      c.enableTls = true;
      c.certFile = own.cert;
      c.keyFile = own.key;
    });
    server = await startServer(config, [], { logger: false });
    url = `https://127.0.0.1:${server.port}`;
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const clusterList = (...flags: string[]) => cli('-s', url, '--user', 'admin', '--secret', ADMIN_KEY, ...flags, 'cluster', 'create', '--json');

  it('serves https only: a plain HTTP request gets no Heketi answer', async () => {
    expect(await plainGet(server.port, '/hello')).not.toBe('HTTP 200');
  });

  it('is trusted by heketi-cli with -C <cert>, also given as a comma list', async () => {
    const created = await clusterList('-C', own.cert);
    expect(created.stderr).toBe('');
    expect(created.status).toBe(0);
    expect(JSON.parse(created.stdout)).toMatchObject({ id: expect.stringMatching(/^[0-9a-f]{32}$/) });
    expect((await clusterList('--tls-cert', `${other.cert},${own.cert}`)).status).toBe(0);
  });

  it('is refused without a trusted root, and with only the wrong one', async () => {
    const plain = await clusterList();
    expect(plain.status).toBe(255);
    expect(plain.stderr).toMatch(/^Error: Post "https:\/\/127\.0\.0\.1:\d+\/clusters": self[- ]signed certificate/);
    const wrong = await clusterList('-C', other.cert);
    expect(wrong.status).toBe(255);
    expect(wrong.stderr).toMatch(/self[- ]signed certificate|unable to verify/);
  });

  it('is reached without checks with -I (--insecure-tls)', async () => {
    expect((await clusterList('-I')).status).toBe(0);
    expect((await clusterList('--insecure-tls')).status).toBe(0);
  });

  it('names an unreadable or non-PEM -C file as heketi-cli does', async () => {
    const missing = join(dir, 'missing.pem');
    expect((await clusterList('-C', missing)).stderr).toBe(`Error: failed to read cert file ${missing}: ENOENT: no such file or directory, open '${missing}'\n`);
    expect((await clusterList('-C', own.key)).stderr).toBe(`Error: failed to load PEM encoded cert from ${own.key}\n`);
  });
});

describe('enable_tls: start-up refuses files it cannot use, naming them', () => {
  let dir: string;
  let good: { cert: string; key: string };
  let other: { cert: string; key: string };
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'heketi-ts-tls-'));
    good = makeCertificate(dir, 'server');
    other = makeCertificate(dir, 'other');
    mkdirSync(join(dir, 'a-directory'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const start = (certFile: string, keyFile: string) =>
    startServer(
      testConfig(mkdtempSync(join(dir, 'db-')), (c) => {
        c.enableTls = true;
        c.certFile = certFile;
        c.keyFile = keyFile;
      }),
      [],
      { logger: false },
    );

  it('a missing cert_file', async () => {
    const missing = join(dir, 'nope.crt');
    await expect(start(missing, good.key)).rejects.toThrow(`tls: cannot read cert_file ${missing}: ENOENT`);
  });

  it('an unreadable key_file', async () => {
    const unreadable = join(dir, 'a-directory');
    await expect(start(good.cert, unreadable)).rejects.toThrow(`tls: cannot read key_file ${unreadable}: EISDIR`);
  });

  it('a key that does not belong to the certificate', async () => {
    await expect(start(good.cert, other.key)).rejects.toThrow(
      `tls: cert_file ${good.cert} and key_file ${other.key} do not make a TLS identity:`,
    );
  });

  it('a cert_file that is not PEM', async () => {
    await expect(start(good.key, good.key)).rejects.toThrow(`tls: cert_file ${good.key} and key_file ${good.key} do not make a TLS identity:`);
  });
});
