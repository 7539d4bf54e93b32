import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * known_hosts files as OpenSSH writes them: `patterns keytype base64-key [comment]`, patterns being
 * comma-separated names (globs with `*`/`?`, negated with `!`, `[host]:port` for other ports) or a
 * hashed `|1|salt|hmac-sha1` entry. `@revoked` lines refuse a key; `@cert-authority` lines are
 * ignored (host certificates are not supported).
 */

export interface KnownHostEntry {
  patterns: string[];
  keyType: string;
  key: Buffer;
  revoked: boolean;
}

export const parseKnownHosts = (text: string): KnownHostEntry[] => {
  const entries: KnownHostEntry[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    let fields = line.split(/\s+/);
    let revoked = false;
    if (fields[0]?.startsWith('@')) {
      if (fields[0] !== '@revoked') continue;
      revoked = true;
      fields = fields.slice(1);
    }
    const [patterns, keyType, key] = fields;
    if (!patterns || !keyType || !key) continue;
    entries.push({ patterns: patterns.split(','), keyType, key: Buffer.from(key, 'base64'), revoked });
  }
  return entries;
};

/** The name OpenSSH looks a host up by: `host`, or `[host]:port` when the port is not 22. */
export const knownHostsName = (host: string, port: number): string => (port === 22 ? host : `[${host}]:${port}`);

const globToRegExp = (glob: string): RegExp =>
  new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');

const hashedMatches = (pattern: string, name: string): boolean => {
  const [, magic, salt, hash] = pattern.split('|');
  if (magic !== '1' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest();
  return expected.length === actual.length && timingSafeEqual(expected, actual);
};

/** Whether an entry's patterns select the name: one positive match and no negated match. */
export const patternsMatch = (patterns: string[], name: string): boolean => {
  let matched = false;
  for (const pattern of patterns) {
    if (pattern.startsWith('|')) {
      matched ||= hashedMatches(pattern, name);
    } else if (pattern.startsWith('!')) {
      if (globToRegExp(pattern.slice(1)).test(name)) return false;
    } else {
      matched ||= globToRegExp(pattern).test(name);
    }
  }
  return matched;
};

export type HostKeyVerdict = 'trusted' | 'mismatch' | 'unknown' | 'revoked';

/** Checks a host key (the raw SSH key blob) against the entries for `[host]:port`. */
export const verifyHostKey = (entries: KnownHostEntry[], host: string, port: number, key: Buffer): HostKeyVerdict => {
  const name = knownHostsName(host, port);
  const forHost = entries.filter((entry) => patternsMatch(entry.patterns, name));
  if (forHost.some((entry) => entry.revoked && entry.key.equals(key))) return 'revoked';
  const valid = forHost.filter((entry) => !entry.revoked);
  if (valid.some((entry) => entry.key.equals(key))) return 'trusted';
  return valid.length > 0 ? 'mismatch' : 'unknown';
};
