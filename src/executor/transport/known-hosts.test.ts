import { describe, expect, it } from 'vitest';
import { createHmac, randomBytes } from 'node:crypto';
import { knownHostsName, parseKnownHosts, patternsMatch, verifyHostKey } from './known-hosts.js';

const KEY_A = Buffer.from('key-a');
const KEY_B = Buffer.from('key-b');
const b64 = (b: Buffer): string => b.toString('base64');
const hashed = (name: string): string => {
  const salt = randomBytes(20);
  return `|1|${b64(salt)}|${b64(createHmac('sha1', salt).update(name).digest())}`;
};

describe('known_hosts', () => {
  it('names non-22 ports as [host]:port', () => {
    expect(knownHostsName('10.0.0.1', 22)).toBe('10.0.0.1');
    expect(knownHostsName('10.0.0.1', 2222)).toBe('[10.0.0.1]:2222');
  });

  it('matches plain, glob, negated and hashed patterns', () => {
    expect(patternsMatch(['10.0.0.1', 'node1'], 'node1')).toBe(true);
    expect(patternsMatch(['*.example.com', '!bad.example.com'], 'a.example.com')).toBe(true);
    expect(patternsMatch(['*.example.com', '!bad.example.com'], 'bad.example.com')).toBe(false);
    expect(patternsMatch(['node?'], 'node12')).toBe(false);
    expect(patternsMatch([hashed('[10.0.0.1]:2222')], '[10.0.0.1]:2222')).toBe(true);
    expect(patternsMatch([hashed('10.0.0.1')], '10.0.0.2')).toBe(false);
  });

  it('trusts a matching key, refuses a different one, and knows unknown hosts', () => {
    const entries = parseKnownHosts(
      [
        '# comment',
        `10.0.0.1,gtb-n1 ssh-ed25519 ${b64(KEY_A)} gtb-n1`,
        `${hashed('10.0.0.2')} ssh-ed25519 ${b64(KEY_B)}`,
        `@cert-authority *.example.com ssh-ed25519 ${b64(KEY_B)}`,
        'garbage',
      ].join('\n'),
    );
    expect(entries).toHaveLength(2);
    expect(verifyHostKey(entries, '10.0.0.1', 22, KEY_A)).toBe('trusted');
    expect(verifyHostKey(entries, '10.0.0.1', 22, KEY_B)).toBe('mismatch');
    expect(verifyHostKey(entries, '10.0.0.2', 22, KEY_B)).toBe('trusted');
    expect(verifyHostKey(entries, '10.0.0.1', 2222, KEY_A)).toBe('unknown');
    expect(verifyHostKey(entries, 'x.example.com', 22, KEY_B)).toBe('unknown');
  });

  it('refuses revoked keys even when another line trusts them', () => {
    const entries = parseKnownHosts(`h ssh-ed25519 ${b64(KEY_A)}\n@revoked * ssh-ed25519 ${b64(KEY_A)}\n`);
    expect(verifyHostKey(entries, 'h', 22, KEY_A)).toBe('revoked');
  });
});
