/**
 * Heketi's request protocol as its Go client speaks it: a freshly signed JWT (with qsh) on every
 * request including each poll and redirect, 202 → poll the Location until X-Pending stops, 303 →
 * re-signed GET of the Location, 429 → wait (Retry-After plus jitter) and retry a bounded number
 * of times. Failures become HeketiClientError carrying the server's plain-text message.
 */
import { STATUS_CODES } from 'node:http';
import { signToken } from '../api/auth/token.js';

/** A non-success answer; `message` is the server's trimmed text (what heketi-cli prints). */
export class HeketiClientError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'HeketiClientError';
  }
}

export interface TransportOptions {
  /** Base URL, e.g. http://localhost:8080. */
  server: string;
  /** Token issuer (heketi-cli --user); '' signs with an empty iss as heketi-cli does. */
  user: string;
  /** Signing secret (heketi-cli --secret). */
  secret: string;
  /** Delay between queue polls; Heketi's Go client uses 400 ms. */
  pollIntervalMs?: number;
  /** Total attempts for a request answered 429. */
  maxAttempts?: number;
  /** Injected for tests. */
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/** What a finished exchange produced: the final status, and the body (as text and as bytes). */
export interface ExchangeResult {
  status: number;
  text: string;
  bytes: Buffer;
  contentType: string;
}

export interface RequestOptions {
  body?: unknown;
  /** The Go client sends some JSON bodies without a Content-Type (device delete, brick evict). */
  omitContentType?: boolean;
}

/** Go's url.Error text: `Get "http://host/path": <cause>`, so connection failures read as in heketi-cli. */
function networkError(method: string, url: URL, error: unknown): HeketiClientError {
  const cause = (error as { cause?: { message?: string } }).cause?.message ?? (error as Error).message;
  const verb = method.charAt(0) + method.slice(1).toLowerCase();
  return new HeketiClientError(`${verb} "${url.href}": ${cause}`, 0);
}

const sleepMs = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const MAX_BACKOFF_MS = 30_000;

export class HttpTransport {
  private readonly base: URL;
  private readonly pollIntervalMs: number;
  private readonly maxAttempts: number;
  private readonly fetchImpl: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;

  constructor(private readonly options: TransportOptions) {
    this.base = new URL(options.server.endsWith('/') ? options.server : `${options.server}/`);
    this.pollIntervalMs = options.pollIntervalMs ?? 400;
    this.maxAttempts = options.maxAttempts ?? 6;
    this.fetchImpl = options.fetch ?? fetch;
    this.sleep = options.sleep ?? sleepMs;
    this.random = options.random ?? Math.random;
  }

  /** Sends one request and follows Heketi's async protocol to the end. Throws HeketiClientError. */
  async exchange(method: string, path: string, options: RequestOptions = {}): Promise<ExchangeResult> {
    let response = await this.sendWithRetry(method, this.resolve(path), options);
    if (response.status === 202) response = await this.pollQueue(response);
    if (response.status === 303) response = await this.followRedirect(response);
    const bytes = Buffer.from(await response.arrayBuffer());
    const text = bytes.toString('utf8');
    if (response.status >= 400) throw this.toError(response, text);
    return { status: response.status, text, bytes, contentType: response.headers.get('content-type') ?? '' };
  }

  private resolve(path: string): URL {
    return new URL(path.replace(/^\//, ''), this.base);
  }

  private location(response: Response): URL {
    const location = response.headers.get('location');
    if (!location) throw new HeketiClientError(`server answered ${response.status} without a Location header`, response.status);
    // Heketi's Location is a bare path such as /queue/<id>; keep any base-path prefix of --server.
    return location.startsWith('/') ? this.resolve(location) : new URL(location, this.base);
  }

  private async send(method: string, url: URL, options: RequestOptions): Promise<Response> {
    const token = signToken({
      issuer: this.options.user,
      key: this.options.secret,
      method,
      path: decodeURIComponent(url.pathname),
    });
    const headers: Record<string, string> = { Authorization: `bearer ${token}` };
    const hasBody = options.body !== undefined;
    if (hasBody && !options.omitContentType) headers['Content-Type'] = 'application/json';
    // Bytes, not a string: fetch would otherwise add a text/plain Content-Type of its own.
    const body = hasBody ? Buffer.from(JSON.stringify(options.body)) : undefined;
    try {
      return await this.fetchImpl(url, { method, headers, body, redirect: 'manual' });
    } catch (error) {
      throw networkError(method, url, error);
    }
  }

  private retryDelayMs(response: Response, attempt: number): number {
    const retryAfter = Number(response.headers.get('retry-after'));
    const jitter = Math.floor(this.random() * 1000);
    if (Number.isFinite(retryAfter) && retryAfter > 0) return retryAfter * 1000 + jitter;
    return Math.min(MAX_BACKOFF_MS, 1000 * 2 ** attempt) + jitter;
  }

  private async sendWithRetry(method: string, url: URL, options: RequestOptions): Promise<Response> {
    for (let attempt = 1; ; attempt++) {
      const response = await this.send(method, url, options);
      if (response.status !== 429 || attempt >= this.maxAttempts) return response;
      await response.arrayBuffer();
      await this.sleep(this.retryDelayMs(response, attempt - 1));
    }
  }

  private async pollQueue(accepted: Response): Promise<Response> {
    const queueUrl = this.location(accepted);
    await accepted.arrayBuffer();
    for (;;) {
      const response = await this.send('GET', queueUrl, {});
      if (response.headers.get('x-pending') !== 'true') return response;
      await response.arrayBuffer();
      await this.sleep(this.pollIntervalMs);
    }
  }

  private async followRedirect(redirect: Response): Promise<Response> {
    const target = this.location(redirect);
    await redirect.arrayBuffer();
    return this.send('GET', target, {});
  }

  private toError(response: Response, text: string): HeketiClientError {
    const message = text.trim();
    if (message !== '') return new HeketiClientError(message, response.status);
    const statusText = STATUS_CODES[response.status] ?? response.statusText;
    return new HeketiClientError(`server did not provide a message (status ${response.status}: ${statusText})`, response.status);
  }
}
