import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  isValidDevicePath,
  isValidEntityId,
  isValidGlusterOption,
  isValidHostname,
  isValidVolumeName,
  parseGlusterOption,
  requireGlusterOption,
  requireVolumeName,
} from './validate.js';

const HOSTILE = [';', '$(touch /tmp/pwned)', '`touch /tmp/pwned`', "'", '"', 'a\nb', 'a b', '|', '&', '>', '*', '\0'];

describe('validators', () => {
  it('accepts volume names of letters, digits, _ and - only', () => {
    expect(isValidVolumeName('vol_0123abc-X')).toBe(true);
    for (const bad of ['', 'a/b', 'a.b', ...HOSTILE.map((h) => `vol${h}`)]) expect(isValidVolumeName(bad)).toBe(false);
  });

  it('accepts absolute device paths without shell characters or ..', () => {
    expect(isValidDevicePath('/dev/sdb')).toBe(true);
    expect(isValidDevicePath('/dev/disk/by-id/wwn-0x5000c500a1b2:part1')).toBe(true);
    for (const bad of ['sdb', '/dev/../etc/passwd', ...HOSTILE.map((h) => `/dev/sd${h}`)]) {
      expect(isValidDevicePath(bad)).toBe(false);
    }
  });

  it('accepts IP addresses and DNS names as hostnames', () => {
    for (const good of ['10.0.0.1', '::1', 'fe80::1', 'node-1.example.com', 'gtb-n1', 'a.b.']) {
      expect(isValidHostname(good)).toBe(true);
    }
    for (const bad of ['', '-a', 'a-', 'a..b', 'a_b', `${'a'.repeat(64)}.com`, ...HOSTILE.map((h) => `n${h}`)]) {
      expect(isValidHostname(bad)).toBe(false);
    }
  });

  it('splits gluster options into a checked key and a printable value', () => {
    expect(parseGlusterOption('performance.rda-cache-limit 10MB')).toEqual({ key: 'performance.rda-cache-limit', value: '10MB' });
    expect(parseGlusterOption('  auth.allow   10.0.0.1,10.0.0.2 ')).toEqual({ key: 'auth.allow', value: '10.0.0.1,10.0.0.2' });
    expect(parseGlusterOption('features.x $(touch /tmp/pwned)')?.value).toBe('$(touch /tmp/pwned)');
    for (const bad of ['novalue', 'k;ey v', 'key v\nalue', 'key v\talue', '$(x) y', 'key \u0007']) {
      expect(isValidGlusterOption(bad)).toBe(false);
    }
  });

  it('checks entity ids as 32 lower-case hex characters', () => {
    expect(isValidEntityId('0123456789abcdef0123456789abcdef')).toBe(true);
    expect(isValidEntityId('0123456789ABCDEF0123456789ABCDEF')).toBe(false);
    expect(isValidEntityId('0123')).toBe(false);
  });

  it('throws a 400 validation AppError naming the field', () => {
    expect(() => requireVolumeName('a;b')).toThrow(/invalid volume name: "a;b"/);
    try {
      requireGlusterOption('bad');
    } catch (e) {
      expect((e as { httpStatus: number }).httpStatus).toBe(400);
    }
  });

  it('never accepts a control character anywhere in a valid option (property)', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        if (isValidGlusterOption(text)) expect(/[\u0000-\u001f\u007f]/.test(text.trim())).toBe(false);
      }),
    );
  });
});
