import type { VolumeInfoView } from '../../store/repos/volumes.js';
import type { Store } from '../../store/store.js';
import { escapeLikeGo } from '../http/go-json.js';
import { mountHosts } from './volume.js';

/**
 * The cluster-wide part of a volume info's `mount`, as JSON text already escaped as Go escapes it
 * (hosts[0] kept for `device`, unescaped).
 */
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
 * the response object first (docs/benchmarks.md, "Issue 14's latency goals"), from one
 * statement (VolumeRepo.infoView) that also gives the bricks as JSON text. Go's escaping runs over
 * the volume's own text only: the mount part, ~80 % of a body at 100 nodes a cluster, is kept
 * escaped.
 */
export class VolumeInfoJson {
  private readonly mounts = new Map<string, MountPart>();
  private mountsStamp: string | null = null;

  constructor(private readonly store: Store) {}

  /**
   * The body of the volume in `view`. `stamp` is the change stamp the caller read for this request
   * (null when nothing may be kept, e.g. inside a transaction): the mount part is reused only under it.
   */
  render(view: VolumeInfoView, stamp: string | null): string {
    const v = view.volume;
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
    const device = str(`${mount.firstHost}:${v.name}`);
    const rest = `,"blockinfo":${blockInfo(view)},"bricks":[${view.bricksJson}]}`;
    // goJson's escaping, piece by piece: JSON.stringify of the object would have been these same
    // pieces, Go escapes single characters, and its escapes contain none of the characters it escapes.
    return `${escapeLikeGo(out)}${mount.head}${escapeLikeGo(device)}${mount.tail}${escapeLikeGo(rest)}\n`;
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
}

function buildMountPart(hosts: readonly string[]): MountPart {
  return {
    head: escapeLikeGo(`"mount":{"glusterfs":{"hosts":${stringArray(hosts)},"device":`),
    firstHost: hosts[0] ?? '',
    tail: escapeLikeGo(`,"options":{"backup-volfile-servers":${str(hosts.slice(1).join(','))}}}}`),
  };
}

function blockInfo({ volume, blockVolumeIds }: VolumeInfoView): string {
  const { freeSizeGib, reservedSizeGib, restriction } = volume.blockInfo;
  const fields: string[] = [];
  if (freeSizeGib) fields.push(`"freesize":${num(freeSizeGib)}`);
  if (reservedSizeGib) fields.push(`"reservedsize":${num(reservedSizeGib)}`);
  // Sorted as blockVolumeIdsOf sorts them for the reference (toVolumeInfo).
  if (blockVolumeIds.length > 0) fields.push(`"blockvolume":${stringArray(blockVolumeIds.sort())}`);
  if (restriction) fields.push(`"restriction":${str(restriction)}`);
  return `{${fields.join(',')}}`;
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
