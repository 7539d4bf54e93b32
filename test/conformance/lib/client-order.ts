/**
 * Rule 8 of the corpus (README): the lists a client walks to act on entities reach it in the order
 * those entities first appeared, not in Heketi's order. Heketi sorts a cluster's nodes and volumes
 * and a node's devices by their random ids, and clients tear a topology down in list order (the Go
 * scenarios, Heketi's Python tests): which node is deleted first, and so every later label, would
 * change from one recording to the next. The recording proxy hands the client the list reordered;
 * what is stored is Heketi's own answer (rule 2 stores lists by label anyway).
 */
import type { Json } from './corpus.js';
import { Labeller, labelIds, maskPlacement, responseJson } from './normalise.js';

type Obj = { [key: string]: Json };
const isObj = (v: Json | undefined): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The lists reordered, per read: a cluster's nodes, volumes and block volumes; a node's devices. */
const WALKED: { path: RegExp; keys: string[] }[] = [
  { path: /^\/clusters\/[0-9a-f]{32}$/, keys: ['nodes', 'volumes', 'blockvolumes'] },
  { path: /^\/nodes\/[0-9a-f]{32}$/, keys: ['devices'] },
];

const idOf = (e: Json): string | undefined => (typeof e === 'string' ? e : isObj(e) && typeof e.id === 'string' ? e.id : undefined);

/**
 * JSON as Go's encoding/json writes it (Heketi's answers): `<`, `>`, `&`, U+2028 and U+2029
 * escaped. A body is rewritten only when this gives Heketi's bytes back for the parsed body.
 */
export function goJson(v: Json): string {
  return JSON.stringify(v).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export class ClientOrder {
  /** First appearances of ids in the stream the proxy forwards, numbered as the recorder does. */
  private readonly seen = new Labeller();

  /** Notes the ids of a request (path, then body) in order of appearance. */
  request(path: string, body: string): void {
    this.seen.text(path);
    this.seen.text(body);
  }

  /** The rank of an id's first appearance (1, 2, …); undefined for an id never forwarded. */
  rank(raw: string): number | undefined {
    const label = this.seen.peek(raw);
    return label === undefined ? undefined : Number(/\d+/.exec(label)![0]);
  }

  /**
   * Notes the ids of a response and returns the body the client gets: Heketi's, or, for a read
   * of a cluster or a node, with the walked lists in first-appearance order. Ids first seen in
   * this body are numbered as the recorder numbers them (placement masked, lists by content).
   */
  response(method: string, path: string, status: number, headers: Record<string, string>, body: string): string {
    for (const v of Object.values(headers)) this.seen.text(v);
    const json = responseJson(body, headers['content-type'] ?? '');
    if (json === undefined) {
      this.seen.text(body);
      return body;
    }
    labelIds(maskPlacement(json), this.seen);
    const walked = WALKED.find((w) => w.path.test(path.split('?')[0]!));
    if (method !== 'GET' || status !== 200 || !walked || !isObj(json)) return body;
    let changed = false;
    const out: Obj = { ...json };
    for (const key of walked.keys) {
      const list = out[key];
      if (!Array.isArray(list) || list.length < 2) continue;
      const ranked = list.map((e) => ({ e, r: this.rankOf(e) }));
      if (ranked.some((x) => x.r === undefined)) continue;
      const sorted = [...ranked].sort((a, b) => a.r! - b.r!).map((x) => x.e);
      if (sorted.some((e, i) => e !== list[i])) changed = true;
      out[key] = sorted;
    }
    if (!changed) return body;
    const trimmed = body.trimEnd();
    if (goJson(json) !== trimmed) throw new Error(`client order: cannot reorder ${path}: its body does not re-encode to Heketi's bytes`);
    return goJson(out) + body.slice(trimmed.length);
  }

  private rankOf(e: Json): number | undefined {
    const id = idOf(e);
    return id === undefined ? undefined : this.rank(id);
  }
}
