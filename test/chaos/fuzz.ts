/**
 * Seeded fuzz of every route in openapi/openapi.json against the running server: valid examples
 * with one field broken, wrong types, hostile strings, broken and duplicate-key JSON, random ids
 * and tokens. One request at a time, so that a rejected request can be held to "changed nothing":
 * SQLite's data_version (seen from a second connection) must not move while it is answered, and
 * every accepted request is followed to its end before the next one.
 */
import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { seededRng, type Rng } from '../../src/domain/rng.js';
import type { Tally } from './checks.js';
import type { ChaosServer, Reply } from './server.js';

interface Route {
  method: string;
  path: string;
  /** Component id of the JSON body, if the route takes one. */
  body?: string;
}

type Doc = {
  paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { $ref: string } }> } }>>;
  components: { schemas: Record<string, { examples?: unknown[]; properties?: Record<string, unknown> }> };
};

export interface FuzzFigures {
  requests: number;
  byStatus: Map<number, number>;
  heketi500: number;
  /** Heketi 500 answers by the text before their first colon. */
  heketi500Kinds: Map<string, number>;
  unexpected5xx: string[];
  /** Texts of jobs that failed in the queue (the first few). */
  queueFailures: string[];
  changedByRejected: string[];
  jobsFollowed: number;
  queue500: number;
}

const HOSTILE_STRINGS = [
  '',
  '-x',
  '--xml',
  '--remote-host=10.9.9.9',
  '$(reboot)',
  '`id`',
  "a'b\"c",
  'a b',
  '../../etc/passwd',
  '/dev/../etc/shadow',
  'vol\nname',
  '\u0000',
  'é\u2028ü',
  '\ud83d\ude00',
  'x'.repeat(5000),
  'user.x --log-file=/tmp/pwn',
  'performance.readdir-ahead on',
  'node1.example.com',
  '192.168.0.300',
  'locked',
  'replicate',
  'disperse',
  'none',
  'online',
  'offline',
  'failed',
  'set',
  'update',
  'delete',
  'enable',
  'disable',
];

const NUMBERS = [0, 1, -1, 2, 3, 4, 5, 10, 100, 1000, 1e6, 2147483647, -2147483648, 2 ** 53 - 1, 1.5, 1e300];

export function routesOf(doc: Doc): Route[] {
  const routes: Route[] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const ref = op.requestBody?.content['application/json']?.schema.$ref;
      routes.push({ method: method.toUpperCase(), path, ...(ref ? { body: ref.split('/').pop()! } : {}) });
    }
  }
  return routes;
}

/** Ids the server knows, refreshed from /db/dump, so that many requests reach real entities. */
class IdPool {
  ids: string[] = [];
  async refresh(server: ChaosServer): Promise<void> {
    const r = await server.request('GET', '/db/dump');
    if (r.status !== 200) return;
    const dump = JSON.parse(r.text) as Record<string, Record<string, unknown> | undefined>;
    this.ids = Object.values(dump).flatMap((entries) => (entries && typeof entries === 'object' ? Object.keys(entries) : []));
    this.ids = this.ids.filter((id) => /^[0-9a-f]{32}$/.test(id));
  }
}

class Generator {
  constructor(
    private readonly rng: Rng,
    private readonly doc: Doc,
    private readonly pool: IdPool,
  ) {}

  pick<T>(items: readonly T[]): T {
    return items[this.rng.int(items.length)]!;
  }

  chance(p: number): boolean {
    return this.rng.next() < p;
  }

  id(): string {
    const r = this.rng.next();
    if (r < 0.6 && this.pool.ids.length > 0) return this.pick(this.pool.ids);
    if (r < 0.8) return Array.from({ length: 32 }, () => '0123456789abcdef'[this.rng.int(16)]).join('');
    return this.pick(['xyz', 'ABCDEF', '0', '%2e%2e', 'a'.repeat(300), '..%2f', '00000000000000000000000000000000']);
  }

  path(route: Route): string {
    return route.path.replace('{id}', () => this.id());
  }

  value(depth = 0): unknown {
    const r = this.rng.int(10);
    if (depth > 2 || r < 3) return this.pick(HOSTILE_STRINGS);
    if (r < 6) return this.pick(NUMBERS);
    if (r < 7) return this.chance(0.5);
    if (r < 8) return null;
    if (r < 9) return Array.from({ length: this.rng.int(4) }, () => this.value(depth + 1));
    return { [this.pick(['type', 'replica', 'glusterfs', 'manage', 'x'])]: this.value(depth + 1) };
  }

  /** A body for the route: mostly its example with one field changed, sometimes anything. */
  body(route: Route): string | undefined {
    const r = this.rng.next();
    if (!route.body) return r < 0.8 ? undefined : this.pick(['', '{}', 'null', '{"x":1}', '[']);
    const example = structuredClone((this.doc.components.schemas[route.body]?.examples?.[0] ?? {}) as Record<string, unknown>);
    this.substituteIds(example);
    if (route.path === '/admin') example.state = 'normal';
    if (r < 0.25) return JSON.stringify(example);
    if (r < 0.65) {
      const keys = Object.keys(example);
      const key = keys.length > 0 ? this.pick(keys) : 'x';
      if (this.chance(0.15)) delete example[key];
      else example[key] = this.value();
      if (route.path === '/admin' && example.state !== 'normal') example.state = 'nonsense';
      return JSON.stringify(example);
    }
    if (r < 0.75) return this.broken(JSON.stringify(example));
    if (r < 0.85) return this.duplicated(example);
    if (r < 0.9) return JSON.stringify(this.value());
    if (r < 0.95) return this.deep();
    return this.pick(['', ' ', 'null', '[]', '"x"', '1e999', '{"size":1e2}', '\u0000', '{"a":"\\ud800"}']);
  }

  private substituteIds(body: Record<string, unknown>): void {
    for (const [k, v] of Object.entries(body)) {
      if (typeof v === 'string' && /^[0-9a-f]{32}$/.test(v)) body[k] = this.id();
    }
  }

  private broken(json: string): string {
    const cut = this.rng.int(json.length + 1);
    return this.pick([json.slice(0, cut), json + 'x', json.replace(':', ''), json.replace('"', "'"), `${json}${json}`]);
  }

  private duplicated(example: Record<string, unknown>): string {
    const keys = Object.keys(example);
    if (keys.length === 0) return '{"a":1,"a":2}';
    const key = this.pick(keys);
    const variant = this.chance(0.5) ? key : key.toUpperCase();
    return `{${JSON.stringify(key)}:${JSON.stringify(example[key])},${JSON.stringify(variant)}:${JSON.stringify(this.value())}}`;
  }

  private deep(): string {
    const n = this.pick([10, 100, 5000, 10001]);
    return `{"size":1,"durability":${'['.repeat(n)}${']'.repeat(n)}}`;
  }

  authorization(server: ChaosServer, method: string, path: string): string {
    const r = this.rng.next();
    if (r < 0.9) return `bearer ${server.token(method, path)}`;
    if (r < 0.95) return `bearer ${server.token(method, path, 'user')}`;
    return this.pick(['', 'bearer', 'Basic YWRtaW46YWRtaW4=', `bearer ${server.token('GET', '/clusters')}`]);
  }
}

/**
 * Heketi answers these with 500 by contract: the prefixes of its OperationHttpErrorf build
 * failures (apps/glusterfs/app_*.go), its clone handler, and No space. Anything else is a fault.
 */
const HEKETI_500 =
  /^(No space|Failed to allocate (new volume|new block volume|volume expansion|block volume expansion): |Failed to set (block restriction|up block volume delete|up brick eviction|up volume delete): |Failed clone volume )/;
/** Texts that betray an exception escaping the code rather than an answer. */
const SERVER_FAULT = /TypeError|ReferenceError|RangeError|SyntaxError|Cannot read prop|is not a function|SQLITE_|SqliteError|constraint failed|Maximum call stack|undefined/;

export async function fuzz(server: ChaosServer, tally: Tally, count: number, seed: number): Promise<FuzzFigures> {
  const doc = JSON.parse(readFileSync(new URL('../../openapi/openapi.json', import.meta.url), 'utf8')) as Doc;
  const routes = routesOf(doc);
  const pool = new IdPool();
  await pool.refresh(server);
  const gen = new Generator(seededRng(seed), doc, pool);
  const db = new Database(server.dbFile, { readonly: true, fileMustExist: true });
  const version = () => db.pragma('data_version', { simple: true }) as number;
  const figures: FuzzFigures = {
    requests: 0,
    byStatus: new Map(),
    heketi500: 0,
    heketi500Kinds: new Map(),
    unexpected5xx: [],
    queueFailures: [],
    changedByRejected: [],
    jobsFollowed: 0,
    queue500: 0,
  };
  try {
    for (let i = 0; i < count; i++) {
      if (i % 500 === 0) await pool.refresh(server);
      const route = gen.pick(routes);
      const path = gen.path(route);
      const before = version();
      const body = route.method === 'GET' ? undefined : gen.body(route);
      const reply = await server.request(route.method, path, body, gen.authorization(server, route.method, path));
      figures.requests++;
      figures.byStatus.set(reply.status, (figures.byStatus.get(reply.status) ?? 0) + 1);
      const what = `${route.method} ${path.slice(0, 80)} → ${reply.status} ${reply.text.trim().slice(0, 200)}`;
      if (reply.status >= 500) {
        if (reply.status === 500 && HEKETI_500.test(reply.text) && !SERVER_FAULT.test(reply.text)) {
          figures.heketi500++;
          const prefix = reply.text.split(':')[0]!;
          figures.heketi500Kinds.set(prefix, (figures.heketi500Kinds.get(prefix) ?? 0) + 1);
        }
        else figures.unexpected5xx.push(what);
      }
      if (reply.status >= 400 && version() !== before) figures.changedByRejected.push(what);
      if (reply.status === 202) await followJob(server, reply, figures);
    }
  } finally {
    db.close();
  }
  tally.check('fuzz: no unexpected 5xx', figures.unexpected5xx.length === 0, figures.unexpected5xx.slice(0, 5).join(' | '));
  tally.check('fuzz: no db change from a rejected request', figures.changedByRejected.length === 0, figures.changedByRejected.slice(0, 5).join(' | '));
  tally.check(`fuzz: ${count} requests answered`, figures.requests === count);
  return figures;
}

async function followJob(server: ChaosServer, accepted: Reply, figures: FuzzFigures): Promise<void> {
  const done = await server.follow(accepted);
  figures.jobsFollowed++;
  if (done.status >= 500) {
    figures.queue500++;
    if (figures.queueFailures.length < 5) figures.queueFailures.push(done.text.trim().slice(0, 300));
    if (SERVER_FAULT.test(done.text)) figures.unexpected5xx.push(`queue ${accepted.headers.get('location')} → ${done.status} ${done.text.trim()}`);
  }
}
