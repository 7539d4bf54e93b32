import type { Volume } from '../../domain/entities.js';
import type { BrickInfoRow } from '../../store/repos/bricks.js';
import type { Store } from '../../store/store.js';
import { escapeLikeGo } from '../http/go-json.js';
import { blockVolumeIdsOf, mountHosts } from './volume.js';

/** The cluster-wide part of a volume info's `mount`, as JSON text (hosts[0] kept for `device`). */
interface MountPart {
  /** `"mount":{"glusterfs":{"hosts":[...],"device":` */
  head: string;
  firstHost: string;
  /** `,"options":{"backup-volfile-servers":"..."}}}` */
  tail: string;
}

/**
 * A volume info body (VolumeInfoResponse, api §6.8) written straight as JSON text, byte for byte
 * what `goJson(toVolumeInfo(store, v))` gives, which stays the reference (the test compares them).
 * At 50,000 volumes nearly every `GET /volumes/{id}` is a response-cache miss, and most of such a
 * body is its cluster's mount hosts, twice (the hosts array and the backup-volfile-servers option,
 * as apps/glusterfs/volume_entry.go fills them): that part is kept as text per cluster while the
 * database's change stamp stays the same, and the rest is written from the rows without building
 * the response object first (docs/benchmarks.md, "Issue 14's latency goals").
 */
export class VolumeInfoJson {
  private readonly mounts = new Map<string, MountPart>();
  private mountsStamp: string | null = null;

  constructor(private readonly store: Store) {}

  /**
   * The body of `v`. `stamp` is the change stamp the caller read for this request (null when
   * nothing may be kept, e.g. inside a transaction): the mount part is reused only under it.
   */
  render(v: Volume, stamp: string | null): string {
    const mount = this.mountPart(v.clusterId, stamp);
    const { replica } = v.durability.replicate;
    const { data, redundancy } = v.durability.disperse;
    let out = `{"size":${num(v.sizeGib)},"name":${str(v.name)},"durability":{`;
    if (v.durability.type) out += `"type":${str(v.durability.type)},`;
    out += `"replicate":{${replica ? `"replica":${num(replica)}` : ''}},"disperse":{`;
    if (data) out += `"data":${num(data)}${redundancy ? ',' : ''}`;
    if (redundancy) out += `"redundancy":${num(redundancy)}`;
    out += '}}';
    if (v.gid) out += `,"gid":${num(v.gid)}`;
    if (v.glusterVolumeOptions.length > 0) out += `,"glustervolumeoptions":${stringArray(v.glusterVolumeOptions)}`;
    if (v.block) out += ',"block":true';
    out += `,"snapshot":{"enable":${v.snapshot.enable ? 'true' : 'false'},"factor":${num(v.snapshot.factor)}}`;
    out += `,"id":${str(v.id)},"cluster":${str(v.clusterId)},`;
    out += `${mount.head}${str(`${mount.firstHost}:${v.name}`)}${mount.tail}`;
    out += `,"blockinfo":${this.blockInfo(v)},"bricks":${bricks(this.store.bricks.listInfoByVolume(v.id))}}`;
    // goJson's escaping in one pass over the whole text: JSON.stringify of the object would have
    // been these same pieces, and Go's escapes contain none of the characters it escapes.
    return `${escapeLikeGo(out)}\n`;
  }

  private mountPart(clusterId: string, stamp: string | null): MountPart {
    if (stamp === null) return buildMountPart(mountHosts(this.store, clusterId));
    if (stamp !== this.mountsStamp) {
      this.mounts.clear();
      this.mountsStamp = stamp;
    }
    let part = this.mounts.get(clusterId);
    if (part === undefined) this.mounts.set(clusterId, (part = buildMountPart(mountHosts(this.store, clusterId))));
    return part;
  }

  private blockInfo(v: Volume): string {
    const { freeSizeGib, reservedSizeGib, restriction } = v.blockInfo;
    const fields: string[] = [];
    if (freeSizeGib) fields.push(`"freesize":${num(freeSizeGib)}`);
    if (reservedSizeGib) fields.push(`"reservedsize":${num(reservedSizeGib)}`);
    const ids = blockVolumeIdsOf(this.store, v.id);
    if (ids.length > 0) fields.push(`"blockvolume":${stringArray(ids)}`);
    if (restriction) fields.push(`"restriction":${str(restriction)}`);
    return `{${fields.join(',')}}`;
  }
}

function buildMountPart(hosts: readonly string[]): MountPart {
  return {
    head: `"mount":{"glusterfs":{"hosts":${stringArray(hosts)},"device":`,
    firstHost: hosts[0] ?? '',
    tail: `,"options":{"backup-volfile-servers":${str(hosts.slice(1).join(','))}}}}`,
  };
}

function bricks(rows: readonly BrickInfoRow[]): string {
  let out = '[';
  for (let i = 0; i < rows.length; i++) {
    const b = rows[i]!;
    out +=
      `${i > 0 ? ',' : ''}{"id":${str(b.id)},"path":${str(b.path)},"device":${str(b.device)},` +
      `"node":${str(b.node)},"volume":${str(b.volume)},"size":${num(b.size)}}`;
  }
  return out + ']';
}

function stringArray(values: readonly string[]): string {
  let out = '[';
  for (let i = 0; i < values.length; i++) out += (i > 0 ? ',' : '') + str(values[i]!);
  return out + ']';
}

/** A string as JSON.stringify writes it (Go's escaping comes after, over the whole body). */
const str = (s: string): string => JSON.stringify(s);

/** A number as JSON.stringify writes it (NaN and ±Infinity as null). */
const num = (n: number): string => JSON.stringify(n);
