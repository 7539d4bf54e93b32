import { z } from 'zod';

export const BlockVolumeCreateRequest = z
  .object({
    size: z.int(),
    clusters: z.array(z.string()),
    name: z.string(),
    hacount: z.int(),
    auth: z.boolean(),
  })
  .meta({ id: 'BlockVolumeCreateRequest', description: 'size in GiB' });

export const BlockVolumeExpandRequest = z.object({ new_size: z.int() }).meta({ id: 'BlockVolumeExpandRequest' });

export const BlockVolumeInfoResponse = z
  .object({
    size: z.int(),
    clusters: z.array(z.string()).optional(),
    name: z.string(),
    hacount: z.int().optional(),
    auth: z.boolean().optional(),
    id: z.string(),
    blockvolume: z.object({
      hosts: z.array(z.string()),
      iqn: z.string(),
      lun: z.int(),
      username: z.string(),
      password: z.string(),
    }),
    cluster: z.string().optional(),
    blockhostingvolume: z.string().optional(),
    usablesize: z.int().optional(),
  })
  .meta({ id: 'BlockVolumeInfoResponse' });

export const BlockVolumeListResponse = z
  .object({ blockvolumes: z.array(z.string()) })
  .meta({ id: 'BlockVolumeListResponse' });
