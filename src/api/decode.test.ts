import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { AppError } from '../domain/errors.js';
import { decodeBody, zeroValue } from './decode.js';
import { PendingOperationsCleanRequest } from './schemas/admin.js';
import { NodeAddRequest } from './schemas/nodes.js';
import { VolumeCreateRequest } from './schemas/volumes.js';

interface GoCase {
  schema: string;
  body: string;
  error?: string;
  value?: unknown;
}

/** Bodies decoded by Go's json.Unmarshal (recorded once; see the file's `recordedWith`). */
const recorded = JSON.parse(
  readFileSync(new URL('../../test/fixtures/go-json/decode-cases.json', import.meta.url), 'utf8'),
) as { cases: GoCase[] };

const SCHEMAS: Record<string, z.ZodType> = { VolumeCreateRequest, NodeAddRequest, PendingOperationsCleanRequest };

function failure(schema: z.ZodType, body: string): AppError | undefined {
  try {
    decodeBody(schema, body);
    return undefined;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
}

/** Go marshals an empty slice or map as null; the decoder's zero value for those is [] / {}. */
function goToZod(value: unknown, zero: unknown): unknown {
  if (value === null) return zero;
  if (Array.isArray(value)) return value;
  if (typeof value === 'object' && typeof zero === 'object' && zero !== null && !Array.isArray(zero)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, goToZod(v, (zero as Record<string, unknown>)[k])]));
  }
  return value;
}

describe('decodeBody agrees with Go encoding/json', () => {
  it.each(recorded.cases.map((c) => [JSON.stringify(c.body).slice(0, 70), c] as const))('%s', (_name, c) => {
    const schema = SCHEMAS[c.schema]!;
    const err = failure(schema, c.body);
    if (c.error === undefined) {
      expect(err?.message).toBeUndefined();
      expect(decodeBody(schema, c.body)).toEqual(goToZod(c.value, zeroValue(schema)));
      return;
    }
    expect(err?.httpStatus).toBe(422);
    const expected = `request unable to be parsed: ${c.error}`;
    if (c.error.startsWith('json: ')) expect(err?.message).toBe(expected);
    else expect(err?.message).toMatch(new RegExp(`^${escapeRegExp(expected)} at offset \\d+$`));
  });
});

describe('decodeBody on large and deep bodies', () => {
  it('takes an 8 MiB string in a known and in an unknown field', () => {
    const big = 'x'.repeat(8 * 1024 * 1024);
    expect(decodeBody(VolumeCreateRequest, JSON.stringify({ size: 1, name: big })).name).toHaveLength(big.length);
    expect(decodeBody(VolumeCreateRequest, JSON.stringify({ size: 1, other: big, more: [big] })).size).toBe(1);
  });

  it('takes an 8 MiB string full of escapes and quotes', () => {
    const big = '"\\'.repeat(4 * 1024 * 1024);
    expect(decodeBody(VolumeCreateRequest, JSON.stringify({ name: big })).name).toBe(big);
  });

  it('nests as deep as Go does (10000) and refuses deeper with Go\'s text', () => {
    const deep = (n: number) => `{"x":${'['.repeat(n - 1)}${']'.repeat(n - 1)}}`;
    expect(decodeBody(VolumeCreateRequest, deep(10000)).size).toBe(0);
    expect(failure(VolumeCreateRequest, deep(10001))?.message).toBe(
      "request unable to be parsed: invalid character '[' exceeded max depth at offset 10004",
    );
    const objects = `{"x":${'{"y":'.repeat(10000)}1${'}'.repeat(10001)}`;
    expect(failure(VolumeCreateRequest, objects)?.message).toMatch(/invalid character '\{' exceeded max depth/);
  });

  it('says where a syntax error is, in bytes', () => {
    expect(failure(VolumeCreateRequest, '{"name":"é","size":}')?.message).toBe(
      "request unable to be parsed: invalid character '}' looking for beginning of value at offset 20",
    );
    expect(failure(VolumeCreateRequest, '')?.message).toBe('request unable to be parsed: unexpected end of JSON input at offset 0');
  });
});

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
