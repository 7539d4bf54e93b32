import { createHmac } from 'node:crypto';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeQsh } from '../../src/api/auth/token.js';
import type { MockExecutor } from '../../src/executor/mock-executor.js';
import { parseFaults } from '../../src/executor/mock-faults.js';
import { ADMIN_KEY, TestServer, USER_KEY } from '../helpers/server.js';
import { seedTopology } from '../helpers/topology.js';

/** Collects the server's log lines (pino JSON) as objects. */
class LogCapture extends Writable {
  readonly raw: string[] = [];
  override _write(chunk: Buffer, _enc: string, done: () => void): void {
    this.raw.push(...chunk.toString('utf8').split('\n').filter((l) => l.length > 0));
    done();
  }
  get lines(): Record<string, unknown>[] {
    return this.raw.map((l) => JSON.parse(l) as Record<string, unknown>);
  }
  find(msg: string): Record<string, unknown>[] {
    return this.lines.filter((l) => l.msg === msg);
  }
}

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
function tokenWith(claims: Record<string, unknown>, key = ADMIN_KEY): string {
  const head = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(claims)}`;
  return `${head}.${createHmac('sha256', key).update(head).digest('base64url')}`;
}

const WARN = 40;
const INFO = 30;

describe('server log', () => {
  const log = new LogCapture();
  let s: TestServer;
  const sentTokens: string[] = [];
  beforeAll(async () => {
    s = await TestServer.start(undefined, undefined, log);
    await seedTopology(s, 3, 1);
  });
  afterAll(async () => s.dispose());

  it('writes one JSON object per line with an ISO-8601 time', () => {
    expect(log.raw.length).toBeGreaterThan(0);
    for (const line of log.lines) expect(line.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('logs an operation start and finish with its id, type and duration', async () => {
    const accepted = await s.request('POST', '/volumes', { size: 1 });
    await s.follow(accepted);
    const started = log.find('operation started').at(-1)!;
    const finished = log.find('operation finished').at(-1)!;
    expect(started).toMatchObject({ level: INFO, type: expect.any(String), op: expect.stringMatching(/^[0-9a-f]{32}$/) });
    expect(finished).toMatchObject({ level: INFO, op: started.op, type: started.type, durationMs: expect.any(Number) });
    expect(accepted.headers.get('location')).toBe(`/queue/${String(finished.job)}`);
  });

  it('logs a failed operation at warn with its error', async () => {
    const mock = s.server.services.ctx.executor as MockExecutor;
    mock.faults.replace(parseFaults('volumeCreate=fail'));
    const done = await s.follow(await s.request('POST', '/volumes', { size: 1 }));
    mock.faults.replace([]);
    expect(done.status).toBe(500);
    expect(log.find('operation failed').at(-1)).toMatchObject({
      level: WARN,
      type: expect.any(String),
      durationMs: expect.any(Number),
      err: expect.stringContaining('mock failure injected at volumeCreate'),
    });
  });

  it('logs why a request was refused with 401 at warn, and a synchronous 500 at warn', async () => {
    const forged = tokenWith({ iss: 'admin', exp: 2e9, iat: 1, qsh: computeQsh('GET', '/clusters') }, 'wrong key');
    sentTokens.push(forged);
    const r = await s.request('GET', '/clusters', undefined, { authorization: `bearer ${forged}` });
    expect(r.status).toBe(401);
    expect(log.find('request refused').at(-1)).toMatchObject({ level: WARN, status: 401, reason: r.text.trim() });
    const big = await s.request('POST', '/volumes', { size: 1_000_000 });
    expect(big.status).toBe(500);
    expect(log.find('request refused').at(-1)).toMatchObject({ level: WARN, status: 500, reason: big.text.trim() });
  });

  it('keeps Heketi\'s text for a token without exp, and logs the real cause', async () => {
    const noExp = tokenWith({ iss: 'admin', iat: Math.floor(Date.now() / 1000), qsh: computeQsh('GET', '/clusters') });
    sentTokens.push(noExp);
    const r = await s.request('GET', '/clusters', undefined, { authorization: `bearer ${noExp}` });
    expect(r.status).toBe(401);
    expect(r.text).toMatch(/^Invalid JWT token: Token is expired by \d+h\d+m\d+s\n$/);
    expect(log.find('request refused').at(-1)).toMatchObject({ status: 401, detail: 'the token has no exp claim' });
  });

  it('shows executor calls only once the log level is debug', async () => {
    const before = log.find('executor call').length;
    await s.run('POST', '/volumes', { size: 1 });
    expect(log.find('executor call').length).toBe(before);
    expect((await s.request('POST', '/internal/logging', { loglevel: { glusterfs: 'debug' } })).status).toBe(200);
    await s.run('POST', '/volumes', { size: 1 });
    expect(log.find('executor call').slice(before).map((l) => l.call)).toContain('volumeCreate');
    await s.request('POST', '/internal/logging', { loglevel: { glusterfs: 'info' } });
  });

  it('never logs a secret: no JWT key, no token, no Authorization header', () => {
    const all = log.raw.join('\n');
    expect(all).not.toContain(ADMIN_KEY);
    expect(all).not.toContain(USER_KEY);
    for (const t of sentTokens) expect(all).not.toContain(t);
    expect(all.toLowerCase()).not.toContain('bearer');
  });
});
