import { z } from 'zod';
import { HostAddresses, Tags } from './common.js';
import { DeviceInfoResponse } from './devices.js';

export const NodeAddRequest = z
  .object({ zone: z.int(), hostnames: HostAddresses, cluster: z.string(), tags: Tags })
  .meta({ id: 'NodeAddRequest' });

export const NodeInfoResponse = z
  .object({
    zone: z.int(),
    hostnames: HostAddresses,
    cluster: z.string(),
    tags: Tags.optional(),
    id: z.string(),
    state: z.string(),
    devices: z.array(DeviceInfoResponse),
  })
  .meta({ id: 'NodeInfoResponse' });
