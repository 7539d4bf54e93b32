/**
 * One HTTP exchange as captured on the wire, and its normalised corpus form. Shared by the recorder
 * (Heketi's side) and the replayer (heketi-ts's side) so both are held to the same rules.
 */
import { createHmac } from 'node:crypto';
import { computeQsh } from '../../../src/api/auth/token.js';
import { type AuthKind, type CorpusRequest, type CorpusResponse, HEADERS_KEPT, type Json } from './corpus.js';
import { exactJson, type Labeller, labelIds, normaliseJson, responseJson, unsortedIdLists } from './normalise.js';

export interface WireRequest {
  method: string;
  path: string;
  authorization?: string;
  contentType?: string;
  body: string;
}

export interface WireResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface Keys {
  admin: string;
  user: string;
}

/** Which key signed the token and whether its qsh fits; the token is never stored (it expires). */
export function classifyAuth(req: WireRequest, keys: Keys): AuthKind {
  const m = /^bearer\s+(\S+)$/i.exec(req.authorization ?? '');
  if (!m) return 'none';
  const [header, payload, signature] = m[1]!.split('.');
  if (!header || !payload || !signature) return 'other';
  let claims: { iss?: string; qsh?: string };
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { iss?: string; qsh?: string };
  } catch {
    return 'other';
  }
  if (claims.iss !== 'admin' && claims.iss !== 'user') return 'other';
  const expected = createHmac('sha256', keys[claims.iss]).update(`${header}.${payload}`).digest('base64url');
  if (expected !== signature) return `${claims.iss}:wrong-key` as AuthKind;
  if (claims.qsh !== computeQsh(req.method, req.path.split('?')[0]!)) return claims.iss === 'admin' ? 'admin:wrong-qsh' : 'other';
  return claims.iss;
}

export function normaliseRequest(req: WireRequest, keys: Keys, l: Labeller): CorpusRequest {
  const out: CorpusRequest = { method: req.method, path: l.text(req.path), auth: classifyAuth(req, keys) };
  if (req.contentType) out.contentType = req.contentType;
  const json = exactJson(req.body);
  // A request keeps its lists in order (only ids are labelled): the order may mean something to the server.
  if (json !== undefined) out.json = labelIds(json, l);
  else if (req.body !== '') out.text = l.text(req.body);
  return out;
}

export interface NormalisedResponse {
  response: CorpusResponse;
  unsortedIdLists: string[];
}

export function normaliseResponse(res: WireResponse, l: Labeller): NormalisedResponse {
  const headers: Record<string, string> = {};
  for (const h of HEADERS_KEPT) {
    const v = res.headers[h];
    if (v !== undefined) headers[h] = l.text(v);
  }
  const response: CorpusResponse = { status: res.status, headers };
  const json = responseJson(res.body, res.headers['content-type'] ?? '');
  let unsorted: string[] = [];
  if (json !== undefined) {
    unsorted = unsortedIdLists(json);
    response.json = normaliseJson(json, l);
  } else if (res.body !== '') {
    response.text = l.text(res.body);
  }
  return { response, unsortedIdLists: unsorted };
}

/** `/queue/{id}` poll states (Heketi: 200 + X-Pending while running). */
export function pollState(req: { method: string; path: string }, res: CorpusResponse): 'pending' | 'final' | undefined {
  if (req.method !== 'GET' || !req.path.startsWith('/queue/')) return undefined;
  return res.status === 200 && res.headers['x-pending'] === 'true' ? 'pending' : 'final';
}

/** A request body for the wire: JSON re-serialised (byte-exact by construction), else the text. */
export function wireBody(req: CorpusRequest, l: Labeller, mint: () => string): string {
  if (req.json !== undefined) return l.unlabel(JSON.stringify(req.json as Json), mint);
  return req.text !== undefined ? l.unlabel(req.text, mint) : '';
}
