/**
 * The rules that make an exchange with Heketi replayable against heketi-ts (written out in
 * test/conformance/README.md). Pure: the recorder applies them to Heketi's answers, the replayer to
 * heketi-ts's, with one Labeller per side, and the two results must be equal.
 */
import type { Json } from './corpus.js';

/** A Heketi id: 32 lower-case hex characters, not part of a longer hex run. */
const ID = /(?<![0-9a-f])[0-9a-f]{32}(?![0-9a-f])/g;
const LABEL = /^<id:(\d+)>$/;
const ID_ONLY = /^[0-9a-f]{32}$/;

/** Masked value of a field that depends on Heketi's randomised placement. */
export const PLACED = '<placed>';

/**
 * Ids are random on both servers; they are stored as `<id:N>`, N counting first appearances in the
 * scenario's exchange stream. Each side keeps its own labeller, so equal labels mean "the same
 * entity in the same role", whatever the raw ids are.
 */
export class Labeller {
  private readonly toLabel = new Map<string, string>();
  private readonly toRaw = new Map<string, string>();
  private next = 1;

  label(raw: string): string {
    let l = this.toLabel.get(raw);
    if (!l) {
      l = `<id:${this.next++}>`;
      this.bind(l, raw);
    }
    return l;
  }

  /** The label of a raw id already seen, or undefined. */
  peek(raw: string): string | undefined {
    return this.toLabel.get(raw);
  }

  /** The raw id bound to a label; `mint` supplies one (and binds it) for a label not seen yet. */
  raw(label: string, mint: () => string): string {
    let r = this.toRaw.get(label);
    if (!r) {
      r = mint();
      this.bind(label, r);
    }
    return r;
  }

  private bind(label: string, raw: string): void {
    this.toLabel.set(raw, label);
    this.toRaw.set(label, raw);
    const n = Number(LABEL.exec(label)?.[1] ?? 0);
    if (n >= this.next) this.next = n + 1;
  }

  /** Replaces every id in a text by its label, labelling new ones in order of appearance. */
  text(s: string): string {
    return s.replace(ID, (m) => this.label(m));
  }

  /** Replaces every label in a text by this side's raw id. */
  unlabel(s: string, mint: () => string): string {
    return s.replace(/<id:\d+>/g, (l) => this.raw(l, mint));
  }
}

type Obj = { [key: string]: Json };
const isObj = (v: Json | undefined): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Placement: Heketi's allocator walks the devices in an order derived from random ids, so which
 * node, device and brick path a brick gets (and so each device's used/free space and brick list)
 * differs from run to run of Heketi itself. Those values are masked (the fields stay): a brick's
 * node, device and path in a volume (its id, size and volume are compared), and a device's
 * used/free space and brick list. Mount hosts are every node's storage host in node-id order: the list is compared
 * as a set, and `device` / `backup-volfile-servers` must be built from it as Heketi builds them.
 */
export function maskPlacement(v: Json): Json {
  if (Array.isArray(v)) return v.map(maskPlacement);
  if (!isObj(v)) return v;
  const out: Obj = {};
  for (const [k, val] of Object.entries(v)) out[k] = maskPlacement(val);
  if (isDevice(out)) {
    const storage = out.storage as Obj;
    out.storage = { ...storage, free: PLACED, used: PLACED };
    // Which device of a node holds which brick is placement; the volumes' brick lists carry the
    // bricks' sizes and counts, and those are compared.
    out.bricks = PLACED;
  }
  if (isVolume(out)) {
    out.bricks = (out.bricks as Json[]).map((b) =>
      isObj(b) ? { ...b, node: PLACED, device: PLACED, path: typeof b.path === 'string' ? b.path.replace(/vg_[0-9a-f]{32}/, `vg_${PLACED}`) : b.path } : b,
    );
    const gfs = isObj(out.mount) && isObj(out.mount.glusterfs) ? out.mount.glusterfs : undefined;
    if (gfs) out.mount = { ...out.mount as Obj, glusterfs: maskMount(gfs) };
  }
  return out;
}

const isDevice = (o: Obj) => isObj(o.storage) && Array.isArray(o.bricks) && typeof o.name === 'string';
const isVolume = (o: Obj) => isObj(o.durability) && Array.isArray(o.bricks);

function maskMount(gfs: Obj): Obj {
  const hosts = Array.isArray(gfs.hosts) ? (gfs.hosts as Json[]).map(String) : [];
  const out: Obj = { ...gfs, hosts: [...hosts].sort() };
  if (typeof gfs.device === 'string' && hosts.length > 0 && gfs.device.startsWith(`${hosts[0]}:`)) {
    out.device = `<hosts[0]>${gfs.device.slice(hosts[0]!.length)}`;
  }
  const opts = isObj(gfs.options) ? gfs.options : undefined;
  if (opts && opts['backup-volfile-servers'] === hosts.slice(1).join(',')) {
    out.options = { ...opts, 'backup-volfile-servers': '<hosts[1:]>' };
  }
  return out;
}

/** An id list: two or more raw ids, or objects whose `id` is a raw id. */
function idsOf(v: Json[]): string[] | undefined {
  if (v.length < 2) return undefined;
  const ids = v.map((e) => (typeof e === 'string' ? e : isObj(e) && typeof e.id === 'string' ? e.id : ''));
  return ids.every((id) => ID_ONLY.test(id)) ? ids : undefined;
}

/**
 * Heketi answers every list of ids (and of entities with ids) sorted by id. Returns the paths
 * (`clusters[].volumes`, `bricks`, `` for the top level) of id lists in `v` that are not sorted.
 */
export function unsortedIdLists(v: Json, path = ''): string[] {
  const found: string[] = [];
  if (Array.isArray(v)) {
    const ids = idsOf(v);
    if (ids && ids.some((id, i) => i > 0 && ids[i - 1]! > id)) found.push(path);
    for (const e of v) found.push(...unsortedIdLists(e, `${path}[]`));
  } else if (isObj(v)) {
    for (const [k, val] of Object.entries(v)) found.push(...unsortedIdLists(val, path ? `${path}.${k}` : k));
  }
  return [...new Set(found)].sort();
}

/** The value with ids labelled where already known and unknown ones shown as `<new>`. */
function preview(v: Json, l: Labeller): Json {
  if (typeof v === 'string') return v.replace(ID, (m) => l.peek(m) ?? '<new>');
  if (Array.isArray(v)) return v.map((e) => preview(e, l));
  if (isObj(v)) return Object.fromEntries(Object.keys(v).sort().map((k) => [k, preview(v[k]!, l)]));
  return v;
}

/**
 * Labels every id in `v`. Keys are visited in sorted order and list elements in the order of
 * their content (ids not seen yet left out), so the labels do not depend on the random id order
 * in which Heketi lists entities.
 */
export function labelIds(v: Json, l: Labeller): Json {
  if (typeof v === 'string') return l.text(v);
  if (Array.isArray(v)) {
    const keys = v.map((e) => JSON.stringify(preview(e, l)));
    const order = v.map((_, i) => i).sort((a, b) => (keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : a - b));
    const out: Json[] = new Array(v.length);
    for (const i of order) out[i] = labelIds(v[i]!, l);
    return out;
  }
  if (isObj(v)) return Object.fromEntries(Object.keys(v).sort().map((k) => [k, labelIds(v[k]!, l)]));
  return v;
}

const labelNumber = (e: Json): number => {
  const s = typeof e === 'string' ? e : isObj(e) && typeof e.id === 'string' ? e.id : '';
  return Number(LABEL.exec(s)?.[1] ?? NaN);
};

/**
 * Lists whose order Heketi does not fix relative to anything a replay can reproduce: id lists
 * (sorted by random ids) are ordered by label.
 */
export function canonicalOrder(v: Json): Json {
  if (Array.isArray(v)) {
    const items = v.map(canonicalOrder);
    if (items.length > 1 && items.every((e) => !Number.isNaN(labelNumber(e)))) {
      return items.sort((a, b) => labelNumber(a) - labelNumber(b));
    }
    return items;
  }
  if (isObj(v)) return Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonicalOrder(v[k]!)]));
  return v;
}

/** The whole rule set for a JSON body: mask placement, label ids, fix unordered lists. */
export function normaliseJson(v: Json, l: Labeller): Json {
  return canonicalOrder(labelIds(maskPlacement(v), l));
}

/** Parses a body as JSON only when re-serialising it gives the same bytes (so replay sends them). */
export function exactJson(text: string): Json | undefined {
  if (text === '') return undefined;
  try {
    const parsed = JSON.parse(text) as Json;
    return JSON.stringify(parsed) === text ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Parses a response body as JSON when it is JSON at all (trailing newline allowed). */
export function responseJson(text: string, contentType: string): Json | undefined {
  if (!contentType.includes('json') || text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as Json;
  } catch {
    return undefined;
  }
}
