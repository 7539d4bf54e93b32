/**
 * The load generator's HTTP side: Node's fetch (undici underneath, keep-alive pooled connections)
 * for requests whose answer the bench reads, and a counting reader for the read loads, whose
 * bodies are only counted (`read`); each request signed as Heketi's Go client signs it (HS256 JWT with qsh).
 * Tokens are cached per method and path for a few seconds so that signing does not dominate the
 * client's CPU time.
 */
import { signToken } from '../../src/api/auth/token.js';
import { CountingReader, type CountedReply } from './counting-reader.js';

/** A reply with its body read. */
export interface BenchReply {
  status: number;
  headers: Headers;
  text: string;
}

const TOKEN_REUSE_MS = 20_000;

/** Sends signed requests to one server (always 127.0.0.1). */
export class SignedClient {
  private readonly tokens = new Map<string, { token: string; until: number }>();
  private reader: CountingReader | null = null;

  constructor(
    readonly baseUrl: string,
    private readonly user: string,
    private readonly key: string,
  ) {
    if (!new URL(baseUrl).hostname.startsWith('127.')) throw new Error(`bench traffic stays on loopback: ${baseUrl}`);
  }

  private token(method: string, path: string): string {
    const cacheKey = `${method} ${path}`;
    const now = Date.now();
    const cached = this.tokens.get(cacheKey);
    if (cached && cached.until > now) return cached.token;
    const token = signToken({ issuer: this.user, key: this.key, method, path });
    if (this.tokens.size > 50_000) this.tokens.clear();
    this.tokens.set(cacheKey, { token, until: now + TOKEN_REUSE_MS });
    return token;
  }

  /** One request, redirects not followed (the caller follows 303 as Heketi's client does). */
  async request(method: string, path: string, body?: unknown): Promise<BenchReply> {
    const headers: Record<string, string> = { authorization: `bearer ${this.token(method, path.split('?')[0]!)}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(this.baseUrl + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      redirect: 'manual',
    });
    return { status: res.status, headers: res.headers, text: await res.text() };
  }

  /**
   * A signed GET whose body is counted and dropped, over keep-alive connections that read into
   * one fixed buffer each (CountingReader). For the read loads, which check only the status: fetch
   * decodes every body into a string, and node:http allocates a buffer per socket read; at ~350 KB
   * per `GET /volumes` (10,000 volumes) either made the load generator, not the server, the limit
   * (docs/benchmarks.md, "The load generator's reads").
   */
  read(path: string): Promise<CountedReply> {
    if (this.reader === null) {
      const url = new URL(this.baseUrl);
      this.reader = new CountingReader(url.hostname, Number(url.port));
    }
    return this.reader.get(path, { authorization: `bearer ${this.token('GET', path.split('?')[0]!)}` });
  }

  /** Closes the connections `read` kept open (a later `read` opens new ones). */
  closeReads(): void {
    this.reader?.close();
    this.reader = null;
  }

  /** Like request, but throws unless the status is the expected one. */
  async expect(status: number, method: string, path: string, body?: unknown): Promise<BenchReply> {
    const reply = await this.request(method, path, body);
    if (reply.status !== status) {
      throw new Error(`${method} ${path}: expected ${status}, got ${reply.status}: ${reply.text.slice(0, 300)}`);
    }
    return reply;
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls a 202's queue location the way Heketi's Go client does (X-Pending → wait and poll again)
 * and follows the final 303 with a signed GET. Returns the final reply (200 resource, 204, 500).
 */
export async function followQueue(client: SignedClient, accepted: BenchReply, pollMs: number): Promise<BenchReply> {
  const location = accepted.headers.get('location');
  if (accepted.status !== 202 || !location) throw new Error(`expected 202 with Location, got ${accepted.status}: ${accepted.text}`);
  for (;;) {
    const reply = await client.request('GET', location);
    if (reply.status === 200 && reply.headers.get('x-pending') === 'true') {
      await sleep(pollMs);
      continue;
    }
    if (reply.status !== 303) return reply;
    return client.request('GET', reply.headers.get('location')!);
  }
}
