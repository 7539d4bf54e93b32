/**
 * The replayer: sends a recorded scenario's requests to a fresh heketi-ts, in order, and holds
 * each answer to Heketi's recorded one under the same normalisation rules. Needs nothing but
 * heketi-ts.
 */
import { randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { isDeepStrictEqual } from 'node:util';
import { signToken } from '../../../src/api/auth/token.js';
import type { AppConfig } from '../../../src/config/types.js';
import { TestServer } from '../../helpers/server.js';
import type { CorpusRequest, CorpusResponse, Difference, Exchange, Json, Scenario } from './corpus.js';
import { normaliseResponse, type WireResponse, wireBody } from './exchange.js';
import { Labeller, unsortedIdLists, responseJson } from './normalise.js';

export interface Finding {
  n: number;
  message: string;
}

export interface ReplayResult {
  scenario: string;
  replayed: number;
  identical: number;
  /** Exchanges covered by a documented difference, by difference id. */
  documented: Record<string, number>;
  /** Unexplained differences: each prints the request, Heketi's answer and heketi-ts's. */
  differences: Finding[];
}

export interface ReplayOptions {
  differences: Difference[];
  /** Applied to heketi-ts's configuration after the scenario's own settings. */
  patch?: (config: AppConfig) => void;
  /** Differences not applied in this run (their exchanges must then match Heketi exactly). */
  notApplied?: string[];
}

const mint = () => randomBytes(16).toString('hex');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function authHeader(req: CorpusRequest, path: string, keys: { admin: string; user: string }): Record<string, string> {
  const plain = path.split('?')[0]!;
  const sign = (issuer: 'admin' | 'user', key: string, p = plain) => ({
    authorization: `bearer ${signToken({ issuer, key, method: req.method, path: p })}`,
  });
  switch (req.auth) {
    case 'admin':
      return sign('admin', keys.admin);
    case 'user':
      return sign('user', keys.user);
    case 'admin:wrong-key':
      return sign('admin', `${keys.admin}-wrong`);
    case 'user:wrong-key':
      return sign('user', `${keys.user}-wrong`);
    case 'admin:wrong-qsh':
      return sign('admin', keys.admin, '/not-this-path');
    case 'other':
      return { authorization: 'bearer not.a.token' };
    case 'none':
      return {};
  }
}

async function send(server: TestServer, req: CorpusRequest, path: string, body: string, keys: { admin: string; user: string }): Promise<WireResponse> {
  const headers: Record<string, string> = { ...authHeader(req, path, keys) };
  if (req.contentType) headers['content-type'] = req.contentType;
  return httpSend(server.url, req.method, path, headers, body);
}

/** node:http rather than fetch: Heketi's Python client sends a body (`{}`) with GET and DELETE. */
function httpSend(base: string, method: string, path: string, headers: Record<string, string>, body: string): Promise<WireResponse> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, method, path, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const out: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') out[k] = v;
        resolve({ status: res.statusCode ?? 0, headers: out, body: Buffer.concat(chunks).toString('utf8') });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

const isPending = (r: WireResponse) => r.status === 200 && r.headers['x-pending'] === 'true';

export function describeExchange(ex: Exchange, ts: CorpusResponse | string): string {
  const req = ex.request;
  const body = req.json !== undefined ? JSON.stringify(req.json) : (req.text ?? '');
  return [
    `  request:  ${req.method} ${req.path} (auth ${req.auth})${body ? ` body=${body}` : ''}`,
    `  Heketi:   ${JSON.stringify(ex.response)}`,
    `  heketi-ts: ${typeof ts === 'string' ? ts : JSON.stringify(ts)}`,
  ].join('\n');
}

function matchesDifference(d: Difference, scenario: string, ex: Exchange, finished: Set<string>): boolean {
  return (
    (d.scenario === '*' || d.scenario === scenario) &&
    d.match.method === ex.request.method &&
    new RegExp(d.match.path).test(ex.request.path) &&
    d.match.status === ex.response.status &&
    (d.match.text === undefined || new RegExp(d.match.text).test(ex.response.text ?? '')) &&
    (d.match.repoll === undefined || d.match.repoll === finished.has(ex.request.path))
  );
}

/** Checks heketi-ts's answer against what a documented difference says it answers instead. */
function checkDocumented(d: Difference, raw: WireResponse): string | null {
  const want = d.heketiTs;
  if (want.status !== undefined && !want.status.includes(raw.status)) return `status ${raw.status}, documented ${want.status.join(' or ')}`;
  for (const h of want.headersPresent ?? []) if (raw.headers[h] === undefined) return `no ${h} header`;
  if (want.textPattern !== undefined && !new RegExp(want.textPattern).test(raw.body)) return `text ${JSON.stringify(raw.body)} does not match /${want.textPattern}/`;
  return null;
}

export async function replayScenario(s: Scenario, options: ReplayOptions): Promise<ReplayResult> {
  const keys = { admin: s.server.adminKey, user: s.server.userKey };
  const server = await TestServer.start((c) => {
    c.auth = { ...c.auth, adminKey: keys.admin, userKey: keys.user };
    c.glusterfs.maxInflightOperations = s.server.maxInflightOperations;
    c.glusterfs.loglevel = s.server.loglevel;
    if (s.server.heketiTsMockFaults) c.glusterfs.mockexec.faults = s.server.heketiTsMockFaults;
    // A recorded 429 is Heketi's answer to a create that found the only slot taken. By default
    // heketi-ts lets that create wait for the slot and answers 202 (test/api/operations.test.ts),
    // which adds a volume the rest of the recording does not have; Heketi's rule keeps them in step.
    if (s.server.maxInflightOperations === 1) c.throttleWaitSeconds = 0;
    options.patch?.(c);
  });
  const result: ReplayResult = { scenario: s.scenario, replayed: 0, identical: 0, documented: {}, differences: [] };
  const l = new Labeller();
  const outstanding = new Set<string>();
  const throttled = s.server.maxInflightOperations === 1;
  /** Labelled `/queue` paths already polled to their end (a later poll is a re-read). */
  const finished = new Set<string>();
  try {
    for (const ex of s.exchanges) {
      const path = l.unlabel(ex.request.path, mint);
      const body = wireBody(ex.request, l, mint);
      if (throttled && ex.response.status === 202) await settle(server, outstanding, keys);
      let raw = await send(server, ex.request, path, body, keys);
      for (let i = 0; ex.poll === 'final' && isPending(raw) && i < 6000; i++) {
        await sleep(10);
        raw = await send(server, ex.request, path, body, keys);
      }
      if (raw.status === 202 && raw.headers.location) outstanding.add(raw.headers.location);
      if (ex.poll === 'final') outstanding.delete(path);
      result.replayed++;
      const { response } = normaliseResponse(raw, l);
      const documented = options.differences.find((d) => !options.notApplied?.includes(d.id) && matchesDifference(d, s.scenario, ex, finished));
      if (ex.poll === 'final') finished.add(ex.request.path);
      if (documented) {
        const problem = checkDocumented(documented, raw);
        if (problem) result.differences.push({ n: ex.n, message: `documented difference ${documented.id}: ${problem}\n${describeExchange(ex, response)}` });
        else result.documented[documented.id] = (result.documented[documented.id] ?? 0) + 1;
        continue;
      }
      const problem = compare(ex, response, raw);
      if (problem) result.differences.push({ n: ex.n, message: `${problem}\n${describeExchange(ex, response)}` });
      else result.identical++;
    }
  } finally {
    await server.dispose();
  }
  return result;
}

/** Waits until every job heketi-ts accepted has finished (a throttled scenario's next 202 needs a free slot). */
async function settle(server: TestServer, outstanding: Set<string>, keys: { admin: string; user: string }): Promise<void> {
  for (const location of outstanding) {
    const poll: CorpusRequest = { method: 'GET', path: location, auth: 'admin' };
    for (let i = 0; i < 6000; i++) {
      if (!isPending(await send(server, poll, location, '', keys))) break;
      await sleep(10);
    }
  }
}

function compare(ex: Exchange, ts: CorpusResponse, raw: WireResponse): string | null {
  const heketi = ex.response;
  if (ts.status !== heketi.status) return `status ${ts.status}, Heketi ${heketi.status}`;
  if (!isDeepStrictEqual(ts.headers, heketi.headers)) return 'headers differ';
  if (heketi.json !== undefined || ts.json !== undefined) {
    if (!isDeepStrictEqual(ts.json, heketi.json)) return `JSON differs at ${firstDifference(heketi.json, ts.json)}`;
  } else if (ts.text !== heketi.text) return 'text differs';
  const json = responseJson(raw.body, raw.headers['content-type'] ?? '');
  if (json !== undefined) {
    const allowed = new Set(ex.unsortedIdLists ?? []);
    const unsorted = unsortedIdLists(json).filter((p) => !allowed.has(p));
    if (unsorted.length > 0) return `not sorted by id as in Heketi: ${unsorted.join(', ')}`;
  }
  return null;
}

/** The JSON path of the first place two values differ (for the report). */
export function firstDifference(a: Json | undefined, b: Json | undefined, path = '$'): string {
  if (isDeepStrictEqual(a, b)) return '';
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return `${path} (length ${a.length} vs ${b.length})`;
    const i = a.findIndex((e, k) => !isDeepStrictEqual(e, b[k]));
    return firstDifference(a[i], b[i], `${path}[${i}]`);
  }
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    const k = keys.find((key) => !isDeepStrictEqual(a[key], b[key]))!;
    if (!(k in a) || !(k in b)) return `${path}.${k} (${k in a ? 'missing in heketi-ts' : 'not in Heketi'})`;
    return firstDifference(a[k], b[k], `${path}.${k}`);
  }
  return `${path} (${JSON.stringify(a)} vs ${JSON.stringify(b)})`;
}
