/**
 * Go's encoding/json matches object keys to struct fields case-insensitively and treats `null`
 * as "leave the field alone". Every heketi.json key is lower-case in Heketi's struct tags, so
 * lower-casing all keys and dropping nulls reproduces both rules before the schema sees the value.
 */
export function foldKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(foldKeys);
  if (value === null || typeof value !== 'object') return value;
  const folded: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (inner === null) continue;
    folded[key.toLowerCase()] = foldKeys(inner);
  }
  return folded;
}
