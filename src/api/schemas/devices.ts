import { z } from 'zod';
import { Tags } from './common.js';

export const DeviceAddRequest = z
  .object({ name: z.string(), tags: Tags, node: z.string(), destroydata: z.boolean() })
  .meta({ id: 'DeviceAddRequest' });

export const DeviceDeleteOptions = z.object({ forceforget: z.boolean() }).meta({ id: 'DeviceDeleteOptions' });

export const StorageSize = z
  .object({ total: z.int(), free: z.int(), used: z.int() })
  .meta({ id: 'StorageSize', description: 'KiB' });

export const BrickInfo = z
  .object({
    id: z.string(),
    path: z.string(),
    device: z.string(),
    node: z.string(),
    volume: z.string(),
    size: z.int(),
  })
  .meta({ id: 'BrickInfo', description: 'size in KiB' });

export const DeviceInfoResponse = z
  .object({
    name: z.string(),
    tags: Tags.optional(),
    storage: StorageSize,
    id: z.string(),
    paths: z.array(z.string()).optional(),
    pv_uuid: z.string().optional(),
    state: z.string(),
    bricks: z.array(BrickInfo),
  })
  .meta({ id: 'DeviceInfoResponse' });

export const BrickEvictOptions = z.object({ healcheck: z.string() }).meta({ id: 'BrickEvictOptions' });
