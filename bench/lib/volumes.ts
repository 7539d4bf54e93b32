/**
 * Creating a volume the way Heketi's Go client does: POST /volumes (retrying 429 by the client's
 * rules), poll the queue location, follow the 303 to GET /volumes/{id}.
 */
import { followQueue, sleep, type BenchReply, type SignedClient } from './http.js';

/**
 * Heketi's Go client 429 rules (client/api/go-client/client.go retryOperationDo/retryDelay):
 * up to 6 retries; with `Retry-After: N` wait N + rand[0,10) s, else rand[10,30) s.
 * `secondMs` scales the client's second down for the bench (1000 = the real client).
 */
export interface RetryRules {
  retries: number;
  minDelay: number;
  maxDelay: number;
  secondMs: number;
}

export const goClientRetry = (secondMs: number): RetryRules => ({ retries: 6, minDelay: 10, maxDelay: 30, secondMs });

/** The delay before the next attempt after a 429, in ms. */
export function retryDelayMs(rules: RetryRules, retryAfter: string | null, random: () => number = Math.random): number {
  const randInt = (n: number): number => Math.floor(random() * n);
  const seconds =
    retryAfter !== null && /^\d+$/.test(retryAfter)
      ? Number(retryAfter) + randInt(rules.minDelay)
      : rules.minDelay + randInt(rules.maxDelay - rules.minDelay);
  return seconds * rules.secondMs;
}

export interface CreateOutcome {
  ok: boolean;
  latencyMs: number;
  /** 429 answers this create received. */
  throttled: number;
  error?: string;
}

export const replica3Request = (sizeGib = 1): object => ({ size: sizeGib, durability: { type: 'replicate', replicate: { replica: 3 } } });

async function postWithRetry(client: SignedClient, body: object, rules: RetryRules): Promise<{ reply: BenchReply; throttled: number }> {
  let throttled = 0;
  for (let attempt = 0; ; attempt++) {
    const reply = await client.request('POST', '/volumes', body);
    if (reply.status !== 429 || attempt >= rules.retries) return { reply, throttled: throttled + (reply.status === 429 ? 1 : 0) };
    throttled++;
    await sleep(retryDelayMs(rules, reply.headers.get('retry-after')));
  }
}

/** Creates one volume and reports how it went; never throws for a server-side failure. */
export async function createVolume(client: SignedClient, body: object, rules: RetryRules, pollMs: number): Promise<CreateOutcome> {
  const start = performance.now();
  try {
    const { reply, throttled } = await postWithRetry(client, body, rules);
    if (reply.status !== 202) {
      return { ok: false, latencyMs: performance.now() - start, throttled, error: `POST ${reply.status}: ${reply.text.slice(0, 200)}` };
    }
    const done = await followQueue(client, reply, pollMs);
    const ok = done.status === 200;
    return { ok, latencyMs: performance.now() - start, throttled, ...(ok ? {} : { error: `${done.status}: ${done.text.slice(0, 200)}` }) };
  } catch (e) {
    return { ok: false, latencyMs: performance.now() - start, throttled: 0, error: String(e) };
  }
}
