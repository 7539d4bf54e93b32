/**
 * Rule 9 of the corpus (README): concurrent volume creates. With `max_inflight_operations: 1`,
 * whether a create meets 429, how often its client retries, and how the clients' exchanges
 * interleave is timing (Heketi's mock finishes an operation in milliseconds, and the Go client
 * backs off for a random time), so it differs from one recording to the next. The recording keeps
 * each create's own exchanges (POST 202, its queue polls, the GET of the new volume), one create
 * after the other in the order their volumes first appeared, and one 429 (Heketi's first, to the
 * same request) right after the first accepted POST, where an operation is in flight. The other
 * 429 answers are not stored; the compat suite checks the client's back-off on every one of them.
 */
import type { Captured } from './proxy.js';

const isCreate = (c: Captured): boolean => c.request.method === 'POST' && c.request.path === '/volumes';
const location = (c: Captured): string => c.response.headers.location ?? '';

interface Flow {
  /** Indexes into the capture, in order. */
  members: number[];
  volumeId?: string;
}

/** The create flows from the first POST /volumes on; each 202 opens one. */
function flowsOf(captured: readonly Captured[], from: number): Flow[] {
  const flows: Flow[] = [];
  for (let i = from; i < captured.length; i++) {
    const c = captured[i]!;
    if (!isCreate(c) || c.response.status !== 202) continue;
    const queue = location(c);
    const flow: Flow = { members: [i] };
    for (let j = i + 1; j < captured.length && queue.startsWith('/queue/'); j++) {
      const d = captured[j]!;
      if (d.request.method !== 'GET') continue;
      if (d.request.path === queue) {
        flow.members.push(j);
        if (d.response.status === 303) flow.volumeId = /^\/volumes\/([0-9a-f]{32})$/.exec(location(d))?.[1];
      } else if (flow.volumeId !== undefined && d.request.path === `/volumes/${flow.volumeId}`) {
        flow.members.push(j);
        break;
      }
    }
    flows.push(flow);
  }
  return flows;
}

/**
 * The capture with its concurrent creates in canonical order (see above). `rank` gives the order in
 * which the recording proxy first saw an id (the order the client then walks the cluster's
 * volumes in, rule 8). Throws when the stretch of creates holds anything else.
 */
export function canonicalConcurrentCreates(captured: readonly Captured[], rank: (rawId: string) => number | undefined): Captured[] {
  const first = captured.findIndex(isCreate);
  if (first < 0) return [...captured];
  const flows = flowsOf(captured, first);
  const last = Math.max(first, ...flows.flatMap((f) => f.members));
  const inFlow = new Set(flows.flatMap((f) => f.members));
  const throttled: number[] = [];
  for (let i = first; i <= last; i++) {
    if (inFlow.has(i)) continue;
    const c = captured[i]!;
    if (isCreate(c) && c.response.status === 429) throttled.push(i);
    else throw new Error(`concurrent creates: exchange ${i + 1} (${c.request.method} ${c.request.path} → ${c.response.status}) belongs to no create`);
  }
  for (const f of flows) {
    if (f.volumeId === undefined || f.members.length < 3) throw new Error(`concurrent creates: the create at exchange ${f.members[0]! + 1} did not end with its volume read`);
  }
  const order = (f: Flow): number => rank(f.volumeId!) ?? Number.MAX_SAFE_INTEGER;
  const sorted = [...flows].sort((a, b) => order(a) - order(b) || a.members[0]! - b.members[0]!);
  const middle = sorted.flatMap((f, k) => {
    const [post, ...rest] = f.members;
    return k === 0 && throttled.length > 0 ? [post!, throttled[0]!, ...rest] : [post!, ...rest];
  });
  return [...captured.slice(0, first), ...middle.map((i) => captured[i]!), ...captured.slice(last + 1)];
}
