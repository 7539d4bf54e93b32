import type { Tags } from '../domain/entities.js';

export type TagChangeType = 'set' | 'update' | 'delete';

/** Heketi's tag change semantics: set replaces, update merges, delete removes the listed keys. */
export function applyTagChange(current: Tags, change: TagChangeType, tags: Tags): Tags {
  switch (change) {
    case 'set':
      return { ...tags };
    case 'update':
      return { ...current, ...tags };
    case 'delete': {
      const next = { ...current };
      for (const k of Object.keys(tags)) delete next[k];
      return next;
    }
  }
}
