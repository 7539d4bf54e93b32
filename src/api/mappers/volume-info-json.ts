import { brickPath } from '../../domain/naming.js';
import type { InfoBrick, InfoRevision, StampedInfoView, VolumeInfoView } from '../../store/repos/volumes.js';
import type { BodyCache } from '../http/body-cache.js';
import type { Store } from '../../store/store.js';
import { escapeLikeGo } from '../http/go-json.js';
import { mountHosts } from './volume.js';

/**
 * Volume info bodies (VolumeInfoResponse, api §6.8) written straight as JSON text, byte for byte
 * what `goJson(toVolumeInfo(store, v))` gives, which stays the reference (the tests compare them),
 * from a compact record of each volume, kept while the volume's info revision stays the same.
 *
 * At 50,000 volumes most `GET /volumes/{id}` bodies are not in the response cache: kept whole, a
 * body is ~1.4 KB of its own beside its cluster's mount hosts, and keeping every volume's cost more
 * memory than Heketi uses at 10,000 volumes (docs/benchmarks.md, "Volume infos' own parts in a
 * cache of their own"). Most of that text repeats what is known anyway: the volume id in every
 * brick and in the default name `vol_<id>`, each brick's device id in its path
 * (`vg_<device>/brick_<brick>`, domain/naming.ts), its node id with its device, the same durability
 * and options in volume after volume. A record keeps only the rest (the bricks' ids and sizes, a
 * few numbers and shared texts), ~0.55 KB with three bricks, and the body is written again from it on each request:
 * a few string joins, where a read from SQLite at that size costs far more (docs/benchmarks.md,
 * "Volume infos kept as records").
 *
 * A record is checked against its volume's info revision (migrations/0005), which triggers move
 * with the volume's row, bricks and block volumes, so it outlives writes to other volumes; the
 * records of every visible volume are made at start, before the server listens (`fill`), as far as
 * the bound allows (docs/benchmarks.md, "Volume records kept by revision"). The cluster-wide part of a body
 * (the mount hosts, twice, as apps/glusterfs/volume_entry.go fills them; ~80 % of a body at 100
 * nodes a cluster) is kept as escaped text per cluster while the database's change stamp stays the
 * same. Records are bounded by an estimate of their bytes, oldest first out.
 */
export class VolumeInfoJson {
  private readonly records = new Map<string, VolumeRecord>();
  private readonly mounts = new Map<string, MountPart>();
  /** The change stamp the mount parts were made under. */
  private mountStamp: string | null = null;
  /** Texts and devices shared by the records, so alike volumes hold one copy. */
  private readonly shared = new Map<string, string>();
  private readonly devices = new Map<string, BrickDevice>();
  private bytes = 0;
  private hits = 0;
  private misses = 0;
  private filling: { stop: boolean; done: Promise<void> } | null = null;

  /**
   * @param maxBytes the bound on the records kept, by their estimated size (0 keeps none; the
   *   mount parts are kept while the stamp stays the same regardless)
   * @param currentStamp the database's change stamp now (ChangeStamp.current)
   * @param revisionOf a volume's info revision and the change stamp, from one statement
   *   (VolumeRepo.infoRevision); undefined when there is no such volume
   */
  constructor(
    private readonly store: Store,
    readonly maxBytes: number,
    private readonly currentStamp: () => string | null = () => store.changes.current(),
    private readonly revisionOf: (id: string) => InfoRevision | undefined = (id) => store.volumes.infoRevision(id),
  ) {}

  /**
   * The body `GET /volumes/{id}` sends, from the response cache, from a kept record or from the
   * database. When either cache may hold the volume, the change stamp, to check that what is held
   * is current: a record made or checked under the same stamp is, one from before a change is
   * checked against the volume's info revision (a second statement, once per record and change);
   * otherwise the rows, with the stamp and the revision read by the same statement (`read`, which
   * throws the route's 404). A second statement on every request costs a read far more in the
   * server than in a loop (docs/benchmarks.md, "Volume infos kept as records").
   */
  respond(id: string, bodies: BodyCache, read: (id: string) => StampedInfoView): Buffer | string {
    const key = `volume:${id}`;
    const recorded = this.records.has(id);
    if (recorded || bodies.holds(key)) {
      const stamp = this.currentStamp();
      // A body made from a record is kept only in free room: at 50,000 volumes, with far more volumes
      // than bodies fit, admitting them turned the cache over on every read for ~10 % hits, and each
      // body pushed out was garbage old enough to be promoted (docs/benchmarks.md, "The reads'
      // warm-up, the other servers, and volume bodies from records").
      return bodies.getUnder(stamp, key, () => this.body(id, read, stamp), !recorded);
    }
    const fresh = read(id);
    const text = this.fromView(fresh);
    return bodies.getUnder(fresh.stamp, key, () => text);
  }

  /**
   * The body of volume `id`, from its record when it is current under `stamp` (the change stamp the
   * caller read for this request; null inside a transaction, where nothing is kept or trusted),
   * else from `read` (the volume's rows, with the stamp and revision of the same statement; throws
   * (404) for a volume that is not to be shown).
   */
  body(id: string, read: (id: string) => StampedInfoView, stamp: string | null = this.currentStamp()): string {
    const record = this.records.get(id);
    if (stamp === null || record === undefined) return this.fromView(read(id));
    if (record.checkedAt !== stamp) {
      const current = this.revisionOf(id);
      if (current?.revision !== record.revision || current.stamp !== stamp) return this.fromView(read(this.drop(id)));
      record.checkedAt = stamp;
    }
    this.hits++;
    return this.write(id, record, this.mountPart(record.clusterId, stamp));
  }

  /**
   * Makes the record of every visible volume, in id order, until the bound would be passed (records
   * already kept are not pushed out for it). The server waits for it before it listens (server.ts);
   * it works a chunk per turn of the event loop, so that what else runs meanwhile (a signal's
   * handler, timers) is not held up: a chunk of 100 holds the loop ~2 ms at 50,000 volumes (the
   * whole fill ~1 s of CPU). A second call while one runs returns the running one; `stopFilling` ends it.
   */
  fill(chunk = 100): Promise<void> {
    if (this.filling !== null) return this.filling.done;
    const state = { stop: false, done: Promise.resolve() };
    state.done = (async () => {
      let after = '';
      while (!state.stop && this.maxBytes > 0) {
        const views = this.store.volumes.infoViewsFrom(after, chunk);
        for (const view of views) {
          if (view.stamp === null) return;
          const id = view.view.volume.id;
          if (this.records.get(id)?.revision === view.revision) continue;
          const record = this.record(view, true);
          if (this.bytes + estimatedBytes(id, record) > this.maxBytes) return;
          this.keep(id, record);
        }
        if (views.length < chunk) return;
        after = views[views.length - 1]!.view.volume.id;
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    this.filling = state;
    return state.done;
  }

  /** Ends a running `fill` (before the database closes). */
  async stopFilling(): Promise<void> {
    if (this.filling === null) return;
    this.filling.stop = true;
    await this.filling.done;
  }

  /** The body of a volume just read; its record kept when read outside a transaction and records are on. */
  private fromView(fresh: StampedInfoView): string {
    const id = fresh.view.volume.id;
    const { stamp } = fresh;
    if (stamp === null) {
      const clusterId = fresh.view.volume.clusterId;
      return this.write(id, this.record(fresh, false), buildMountPart(clusterId, mountHosts(this.store, clusterId)));
    }
    const keep = this.maxBytes > 0;
    const record = this.record(fresh, keep);
    if (keep) {
      this.misses++;
      // Kept under the id SQLite gave, a string of its own: the route's is a slice of the
      // request's URL, which it would keep alive.
      this.keep(id, record);
    }
    return this.write(id, record, this.mountPart(record.clusterId, stamp));
  }

  /** Records and their estimated bytes now held (for /metrics and tests). */
  size(): { entries: number; bytes: number } {
    return { entries: this.records.size, bytes: this.bytes };
  }

  /** Bodies written from a kept record and from the database, since start (not counted without a stamp). */
  lookups(): { hits: number; misses: number } {
    return { hits: this.hits, misses: this.misses };
  }

  private write(id: string, r: VolumeRecord, mount: MountPart): string {
    const idText = plainOrEscaped(id);
    const name = r.name ?? `"vol_${idText}"`;
    let out = `{"size":${num(r.size)},"name":${name},${r.durability}`;
    if (r.gid) out += `,"gid":${num(r.gid)}`;
    out += `${r.rest},"id":"${idText}","cluster":"${mount.clusterText}",${mount.head}`;
    // The device is `<first host>:<name>`, escaped as one JSON string: the name's own text is
    // already escaped, so only the host's part may need it, and it is kept escaped (MountPart).
    out += r.name === null ? `"${mount.firstHostText}:vol_${idText}"` : `"${mount.firstHostText}:${r.name.slice(1)}`;
    out += `${mount.tail},"blockinfo":${r.blockInfo},"bricks":[`;
    if (typeof r.bricks === 'string') {
      out += r.bricks;
    } else {
      const b = r.bricks;
      for (let i = 0; i < b.length; i += 3) {
        const brickId = b[i] as string;
        const device = b[i + 1] as BrickDevice;
        out += `${i > 0 ? ',' : ''}{"id":"${brickId}${device.pathHead}${brickId}${device.pathTail}${idText}","size":${num(b[i + 2] as number)}}`;
      }
    }
    return `${out}]}\n`;
  }

  /**
   * A volume's record; one to be kept shares its texts with the records before it where they are
   * alike (one not kept adds nothing to what is shared).
   */
  private record({ view: { volume: v, bricks, blockVolumeIds }, revision, stamp }: StampedInfoView, kept: boolean): VolumeRecord {
    const share = kept ? (text: string) => this.share(text) : (text: string) => text;
    const { replica } = v.durability.replicate;
    const { data, redundancy } = v.durability.disperse;
    let durability = '"durability":{';
    if (v.durability.type) durability += `"type":${str(v.durability.type)},`;
    durability += `"replicate":{${replica ? `"replica":${num(replica)}` : ''}},"disperse":{`;
    if (data) durability += `"data":${num(data)}${redundancy ? ',' : ''}`;
    if (redundancy) durability += `"redundancy":${num(redundancy)}`;
    durability += '}}';
    let rest = '';
    if (v.glusterVolumeOptions.length > 0) rest += `,"glustervolumeoptions":${stringArray(v.glusterVolumeOptions)}`;
    if (v.block) rest += ',"block":true';
    rest += `,"snapshot":{"enable":${v.snapshot.enable ? 'true' : 'false'},"factor":${num(v.snapshot.factor)}}`;
    return {
      revision,
      checkedAt: stamp,
      size: v.sizeGib,
      name: v.name === `vol_${v.id}` && isPlain(v.id) ? null : escapeLikeGo(str(v.name)),
      durability: share(escapeLikeGo(durability)),
      gid: v.gid,
      rest: share(escapeLikeGo(rest)),
      clusterId: share(v.clusterId),
      blockInfo: share(escapeLikeGo(blockInfo(v, blockVolumeIds))),
      bricks: (kept ? this.compactBricks(v.id, bricks) : null) ?? escapeLikeGo(bricks.map((b) => brickJson(v.id, b)).join(',')),
    };
  }

  /**
   * The bricks as (id, device, size) triples, or null when one of them is not as heketi-ts names
   * bricks (an imported database's odd path, an id JSON or Go would escape): those are kept as text.
   * The statement has compared each path with the standard one (InfoBrick).
   */
  private compactBricks(volumeId: string, bricks: readonly InfoBrick[]): Array<string | BrickDevice | number> | null {
    if (!isPlain(volumeId)) return null;
    const out: Array<string | BrickDevice | number> = [];
    for (const [brickId, deviceId, nodeId, sizeKib, path] of bricks) {
      if (path !== null || !isPlain(brickId) || !isPlain(deviceId) || !isPlain(nodeId)) return null;
      out.push(brickId, this.device(deviceId, nodeId), sizeKib);
    }
    return out;
  }

  /** Keyed by the device: one device's bricks share it (a device never moves to another node; if it did, the node is compared). */
  private device(deviceId: string, nodeId: string): BrickDevice {
    let device = this.devices.get(deviceId);
    if (device === undefined || device.nodeId !== nodeId) {
      const [head, tail] = brickPath(deviceId, '\0').split('\0') as [string, string];
      device = { nodeId, pathHead: `","path":"${head}`, pathTail: `${tail}","device":"${deviceId}","node":"${nodeId}","volume":"` };
      if (this.devices.size >= MAX_SHARED) this.devices.clear();
      this.devices.set(deviceId, device);
    }
    return device;
  }

  private share(text: string): string {
    const held = this.shared.get(text);
    if (held !== undefined) return held;
    if (this.shared.size >= MAX_SHARED) this.shared.clear();
    this.shared.set(text, text);
    return text;
  }

  /** Keeps `record` (in place of one kept before), pushing out the oldest records it needs the room of. */
  private keep(id: string, record: VolumeRecord): void {
    this.drop(id);
    const bytes = estimatedBytes(id, record);
    if (bytes > this.maxBytes) return;
    for (const [oldId, old] of this.records) {
      if (this.bytes + bytes <= this.maxBytes) break;
      this.records.delete(oldId);
      this.bytes -= estimatedBytes(oldId, old);
    }
    this.records.set(id, record);
    this.bytes += bytes;
  }

  /** Forgets the record of `id`, if kept; returns the id. */
  private drop(id: string): string {
    const old = this.records.get(id);
    if (old !== undefined) {
      this.records.delete(id);
      this.bytes -= estimatedBytes(id, old);
    }
    return id;
  }

  /** The cluster's mount part, made again once the change stamp has moved (a node added, a hostname changed). */
  private mountPart(clusterId: string, stamp: string): MountPart {
    if (stamp !== this.mountStamp) {
      this.mounts.clear();
      this.mountStamp = stamp;
    }
    let part = this.mounts.get(clusterId);
    if (part === undefined) this.mounts.set(clusterId, (part = buildMountPart(clusterId, mountHosts(this.store, clusterId))));
    return part;
  }
}

/**
 * Shared texts and devices held at most: past it the sharing starts again from nothing (the
 * records keep what they share). Far more than alike volumes need; a bound for texts that are
 * alike only by chance, such as the block volume ids in a block-hosting volume's blockinfo.
 */
const MAX_SHARED = 65_536;

/** What a volume info says of one volume beyond its id and its cluster's mount part. */
interface VolumeRecord {
  /** The volume's info revision it was made at. */
  revision: number;
  /** The last change stamp under which the revision was found the volume's (null: never). */
  checkedAt: string | null;
  size: number;
  /** The name as escaped JSON text; null for Heketi's default `vol_<id>`. */
  name: string | null;
  /** Escaped `"durability":{…}`. */
  durability: string;
  gid: number;
  /** Escaped glustervolumeoptions, block and snapshot, each with its leading comma. */
  rest: string;
  /** The cluster id (its mount part is kept under it). */
  clusterId: string;
  /** Escaped `{…}` of blockinfo. */
  blockInfo: string;
  /** (brick id, device, size in KiB) per brick, or the bricks' escaped JSON text (compactBricks). */
  bricks: Array<string | BrickDevice | number> | string;
}

/** The text around a brick's id that its device gives: one per device, shared by its bricks. */
interface BrickDevice {
  nodeId: string;
  /** `","path":"/var/lib/heketi/mounts/vg_<device>/brick_` */
  pathHead: string;
  /** `/brick","device":"<device>","node":"<node>","volume":"` */
  pathTail: string;
}

/**
 * The cluster-wide part of a volume info (its id and `mount`), as JSON text already escaped as Go escapes it.
 */
interface MountPart {
  /** The cluster id as it appears between its quotes (JSON- and Go-escaped). */
  clusterText: string;
  /** `"mount":{"glusterfs":{"hosts":[...],"device":` */
  head: string;
  /** hosts[0] as it appears inside the device's quotes (JSON- and Go-escaped). */
  firstHostText: string;
  /** `,"options":{"backup-volfile-servers":"..."}}}` */
  tail: string;
}

function buildMountPart(clusterId: string, hosts: readonly string[]): MountPart {
  return {
    clusterText: plainOrEscaped(clusterId),
    head: escapeLikeGo(`"mount":{"glusterfs":{"hosts":${stringArray(hosts)},"device":`),
    firstHostText: plainOrEscaped(hosts[0] ?? ''),
    tail: escapeLikeGo(`,"options":{"backup-volfile-servers":${str(hosts.slice(1).join(','))}}}}`),
  };
}

/**
 * A record's estimated heap bytes (V8 without pointer compression, as Node ships): the record, its
 * Map entry and brick array, the id key and brick ids as strings, texts that are its own; shared
 * texts and devices cost it a pointer each. Within a few percent of what 10,000 records of 3 bricks
 * add to the heap (docs/benchmarks.md, "Volume infos kept as records").
 */
function estimatedBytes(id: string, r: VolumeRecord): number {
  const stringBytes = (s: string): number => 24 + s.length;
  let bytes = 256 + stringBytes(id) + (r.name === null ? 0 : stringBytes(r.name));
  if (typeof r.bricks === 'string') return bytes + stringBytes(r.bricks);
  bytes += 16 + 8 * r.bricks.length;
  for (let i = 0; i < r.bricks.length; i += 3) bytes += stringBytes(r.bricks[i] as string);
  return bytes;
}

function blockInfo(v: VolumeInfoView['volume'], blockVolumeIds: string[]): string {
  const { freeSizeGib, reservedSizeGib, restriction } = v.blockInfo;
  const fields: string[] = [];
  if (freeSizeGib) fields.push(`"freesize":${num(freeSizeGib)}`);
  if (reservedSizeGib) fields.push(`"reservedsize":${num(reservedSizeGib)}`);
  // Sorted as blockVolumeIdsOf sorts them for the reference (toVolumeInfo).
  if (blockVolumeIds.length > 0) fields.push(`"blockvolume":${stringArray(blockVolumeIds.sort())}`);
  if (restriction) fields.push(`"restriction":${str(restriction)}`);
  return `{${fields.join(',')}}`;
}

/** A brick's BrickInfo as JSON.stringify writes it (for bricks kept as text). */
const brickJson = (volumeId: string, [id, device, node, size, path]: InfoBrick): string =>
  `{"id":${str(id)},"path":${str(path ?? brickPath(device, id))},"device":${str(device)},"node":${str(node)},"volume":${str(volumeId)},"size":${num(size)}}`;

/** Neither JSON nor Go would escape anything in it: written between quotes as it is. */
const isPlain = (s: string): boolean => PLAIN.test(s);
const PLAIN = /^[^"\\<>&\u0000-\u001f\u007f-\uffff]*$/;

/** A string's text between its quotes in the body: JSON- then Go-escaped. */
const plainOrEscaped = (s: string): string => (isPlain(s) ? s : escapeLikeGo(str(s)).slice(1, -1));

function stringArray(values: readonly string[]): string {
  let out = '[';
  for (let i = 0; i < values.length; i++) out += (i > 0 ? ',' : '') + str(values[i]!);
  return out + ']';
}

/** A string as JSON.stringify writes it (Go's escaping comes after). */
const str = (s: string): string => JSON.stringify(s);

/** A number as JSON.stringify writes it (NaN and ±Infinity as null). */
const num = (n: number): string => JSON.stringify(n);
