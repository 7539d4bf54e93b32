import { z } from 'zod';

export const ClusterCreateRequest = z
  .object({ block: z.boolean(), file: z.boolean() })
  .meta({ id: 'ClusterCreateRequest', description: 'Omitted flags are false (Heketi API behaviour).' });

export const ClusterSetFlagsRequest = ClusterCreateRequest.meta({ id: 'ClusterSetFlagsRequest' });

export const ClusterInfoResponse = z
  .object({
    id: z.string(),
    nodes: z.array(z.string()),
    volumes: z.array(z.string()),
    block: z.boolean(),
    file: z.boolean(),
    blockvolumes: z.array(z.string()),
  })
  .meta({ id: 'ClusterInfoResponse' });

export const ClusterListResponse = z.object({ clusters: z.array(z.string()) }).meta({ id: 'ClusterListResponse' });
