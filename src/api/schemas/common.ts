import { z } from 'zod';

/** Tag maps: node and device tags (validated separately with Heketi's tag rules). */
export const Tags = z.record(z.string(), z.string()).meta({ id: 'Tags' });

export const HostAddresses = z
  .object({ manage: z.array(z.string()), storage: z.array(z.string()) })
  .meta({ id: 'HostAddresses' });

export const StateRequest = z
  .object({ state: z.string(), healcheck: z.string() })
  .meta({ id: 'StateRequest', description: 'online | offline | failed; healcheck "" | enable | disable' });

export const TagsChangeRequest = z
  .object({ tags: Tags, change_type: z.string() })
  .meta({ id: 'TagsChangeRequest', description: 'change_type: set | update | delete' });
