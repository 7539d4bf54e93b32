import { z } from 'zod';
import { BrickInfo } from './devices.js';

export const ReplicaDurability = z.object({ replica: z.int() }).meta({ id: 'ReplicaDurability' });
export const DisperseDurability = z.object({ data: z.int(), redundancy: z.int() }).meta({ id: 'DisperseDurability' });

export const DurabilityInfo = z
  .object({
    type: z.string(),
    replicate: ReplicaDurability,
    disperse: DisperseDurability,
  })
  .meta({ id: 'VolumeDurabilityInfo' });

export const VolumeSnapshot = z.object({ enable: z.boolean(), factor: z.number() }).meta({ id: 'VolumeSnapshot' });

export const VolumeCreateRequest = z
  .object({
    size: z.int(),
    clusters: z.array(z.string()),
    name: z.string(),
    durability: DurabilityInfo,
    gid: z.int(),
    glustervolumeoptions: z.array(z.string()),
    block: z.boolean(),
    snapshot: VolumeSnapshot,
  })
  .meta({ id: 'VolumeCreateRequest', description: 'size in GiB' });

export const VolumeExpandRequest = z.object({ expand_size: z.int() }).meta({ id: 'VolumeExpandRequest' });
export const VolumeCloneRequest = z.object({ name: z.string() }).meta({ id: 'VolumeCloneRequest' });
export const VolumeBlockRestrictionRequest = z
  .object({ restriction: z.string() })
  .meta({ id: 'VolumeBlockRestrictionRequest', description: '"" | locked' });

export const VolumeInfoResponse = z
  .object({
    size: z.int(),
    clusters: z.array(z.string()).optional(),
    name: z.string(),
    durability: DurabilityInfo,
    gid: z.int().optional(),
    glustervolumeoptions: z.array(z.string()).optional(),
    block: z.boolean().optional(),
    snapshot: VolumeSnapshot,
    id: z.string(),
    cluster: z.string(),
    mount: z.object({
      glusterfs: z.object({
        hosts: z.array(z.string()),
        device: z.string(),
        options: z.record(z.string(), z.string()),
      }),
    }),
    blockinfo: z.object({
      freesize: z.int().optional(),
      reservedsize: z.int().optional(),
      blockvolume: z.array(z.string()).optional(),
      restriction: z.string().optional(),
    }),
    bricks: z.array(BrickInfo),
  })
  .meta({ id: 'VolumeInfoResponse' });

export const VolumeListResponse = z.object({ volumes: z.array(z.string()) }).meta({ id: 'VolumeListResponse' });
