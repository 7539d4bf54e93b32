/**
 * The conformance corpus: HTTP exchanges recorded from real Heketi, stored as data (see
 * test/conformance/README.md for the rules that make them replayable).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** How a request was signed, as the server sees it; the token itself is never stored. */
export type AuthKind = 'admin' | 'user' | 'none' | 'admin:wrong-key' | 'user:wrong-key' | 'admin:wrong-qsh' | 'other';

export interface CorpusRequest {
  method: string;
  path: string;
  auth: AuthKind;
  /** The request's Content-Type as the client sent it (Heketi's Python client sends none). */
  contentType?: string;
  /** The body as JSON when re-serialising it gives the same bytes, else as text; absent when empty. */
  json?: Json;
  text?: string;
}

export interface CorpusResponse {
  status: number;
  /** Only the headers a client reads (see HEADERS_KEPT), lower-case names. */
  headers: Record<string, string>;
  json?: Json;
  text?: string;
}

export interface Exchange {
  n: number;
  request: CorpusRequest;
  response: CorpusResponse;
  /**
   * `final`: the `/queue/{id}` poll that ended a job ("still running" polls are not stored: their
   * number is timing). Replay polls until heketi-ts's job has ended too.
   */
  poll?: 'final';
  /** JSON paths (`a.b[].c`) of id lists Heketi answered NOT sorted by id; all others must be sorted. */
  unsortedIdLists?: string[];
}

/** How the server must be configured for a scenario (both Heketi and heketi-ts). */
export interface ServerSetup {
  maxInflightOperations: number;
  /** glusterfs.loglevel (GET /internal/logging answers it). */
  loglevel: 'info' | 'warning' | 'debug' | 'error';
  /** heketi-ts only: mock executor faults that keep operations in flight, as a slow node would. */
  heketiTsMockFaults?: string;
  adminKey: string;
  userKey: string;
}

export interface Scenario {
  scenario: string;
  description: string;
  heketi: string;
  server: ServerSetup;
  exchanges: Exchange[];
}

/** A deliberate difference: the exchanges it covers and what heketi-ts answers instead. */
export interface Difference {
  id: string;
  scenario: string;
  /**
   * Matches exchanges by method, a path regular expression, Heketi's status, optionally a
   * regular expression on Heketi's text, and `repoll`: a `/queue` path already polled to its end.
   */
  match: { method: string; path: string; status: number; text?: string; repoll?: boolean };
  reason: string;
  /** The README "Differences from Heketi" entry that explains it (its bold title). */
  readme: string;
  /**
   * heketi-ts settings under which it answers exactly as Heketi; the replayer replays `scenario`
   * with them and requires every exchange to match.
   */
  restoredBy?: { scenario: string; queueRetentionSeconds?: number; retryAfterSeconds?: number; errorDetails?: boolean };
  /** What heketi-ts answers instead (only the fields given are compared). */
  heketiTs: { status?: number[]; headersPresent?: string[]; textPattern?: string };
}

export const HEADERS_KEPT = ['location', 'x-pending', 'content-type', 'retry-after'] as const;

export const corpusDir = new URL('../corpus/', import.meta.url).pathname;

export function loadCorpus(dir = corpusDir): Scenario[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as Scenario);
}

export function loadDifferences(): Difference[] {
  return JSON.parse(readFileSync(new URL('../differences.json', import.meta.url), 'utf8')) as Difference[];
}
