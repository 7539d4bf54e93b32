import type { z } from 'zod';
import { Errors } from '../domain/errors.js';

/**
 * Decodes a request body the way Heketi's Go `json.Unmarshal` into a struct does, guided by the
 * zod wire schema:
 * - Content-Type is never looked at; an empty body or malformed JSON is a parse error;
 * - object keys match the schema case-insensitively (an exact match wins), unknown keys are ignored;
 * - a missing key or `null` gives the Go zero value ("" / 0 / false / [] / {} / zero struct);
 * - a wrong JSON type is a parse error, and so is a fraction or exponent where Go expects an int.
 * Validation (ozzo's "validation failed: …") is a separate step in each route.
 */
export function decodeBody<S extends z.ZodType>(schema: S, raw: string | undefined): z.infer<S> {
  if (raw === undefined || raw.trim() === '') throw Errors.parse();
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw Errors.parse();
  }
  const rawNumbers = collectNumberLiterals(raw);
  return decodeValue(schema, value, rawNumbers) as z.infer<S>;
}

/** Decodes a body that may be absent: absent or empty means the zero value (Heketi's optional bodies). */
export function decodeOptionalBody<S extends z.ZodType>(schema: S, raw: string | undefined): z.infer<S> {
  if (raw === undefined || raw.length === 0) return zeroValue(schema) as z.infer<S>;
  return decodeBody(schema, raw);
}

type AnySchema = z.ZodType & { def: { type: string }; [k: string]: unknown };

function decodeValue(schema: z.ZodType, value: unknown, numbers: NumberLiterals): unknown {
  const s = schema as AnySchema;
  const type = s.def.type;
  if (type === 'optional' || type === 'nullable' || type === 'default') {
    if (value === null || value === undefined) return type === 'default' ? zeroValue(schema) : undefined;
    return decodeValue((s as unknown as { unwrap(): z.ZodType }).unwrap(), value, numbers);
  }
  if (value === null) return zeroValue(schema);
  switch (type) {
    case 'string':
    case 'enum':
      if (typeof value !== 'string') throw Errors.parse();
      return value;
    case 'boolean':
      if (typeof value !== 'boolean') throw Errors.parse();
      return value;
    case 'number':
      return decodeNumber(s, value, numbers);
    case 'array': {
      if (!Array.isArray(value)) throw Errors.parse();
      const element = (s as unknown as { element: z.ZodType }).element;
      return value.map((v) => decodeValue(element, v, numbers));
    }
    case 'record': {
      if (!isPlainObject(value)) throw Errors.parse();
      const valueType = (s as unknown as { valueType: z.ZodType }).valueType;
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, decodeValue(valueType, v, numbers)]));
    }
    case 'object':
      return decodeObject(s, value, numbers);
    default:
      return value;
  }
}

function decodeObject(schema: AnySchema, value: unknown, numbers: NumberLiterals): Record<string, unknown> {
  if (!isPlainObject(value)) throw Errors.parse();
  const shape = (schema as unknown as { shape: Record<string, z.ZodType> }).shape;
  const out: Record<string, unknown> = {};
  const inputKeys = Object.keys(value);
  for (const [field, fieldSchema] of Object.entries(shape)) {
    const key = inputKeys.includes(field) ? field : inputKeys.find((k) => k.toLowerCase() === field.toLowerCase());
    out[field] = key === undefined ? zeroValue(fieldSchema) : decodeValue(fieldSchema, value[key], numbers);
  }
  return out;
}

function decodeNumber(schema: AnySchema, value: unknown, numbers: NumberLiterals): number {
  if (typeof value !== 'number') throw Errors.parse();
  const isInt = (schema as unknown as { format?: string | null }).format?.includes('int') ?? false;
  if (isInt) {
    // JSON.parse turns 1e2 and 10.0 into integers; Go refuses both for an int field.
    if (!Number.isSafeInteger(value) || numbers.nonIntegerLiterals.has(value)) throw Errors.parse();
  }
  return value;
}

/** The Go zero value for a schema: what a missing or null field decodes to. */
export function zeroValue(schema: z.ZodType): unknown {
  const s = schema as AnySchema;
  switch (s.def.type) {
    case 'optional':
    case 'nullable':
      return undefined;
    case 'default':
      return zeroValue((s as unknown as { unwrap(): z.ZodType }).unwrap());
    case 'string':
      return '';
    case 'enum':
      return '';
    case 'number':
      return 0;
    case 'boolean':
      return false;
    case 'array':
      return [];
    case 'record':
      return {};
    case 'object': {
      const shape = (s as unknown as { shape: Record<string, z.ZodType> }).shape;
      return Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, zeroValue(v)]));
    }
    default:
      return undefined;
  }
}

interface NumberLiterals {
  /** Values that appeared in the text with a fraction or exponent (e.g. 10.0, 1e2). */
  nonIntegerLiterals: Set<number>;
}

const NUMBER_LITERAL = /-?\d+(\.\d+)?([eE][+-]?\d+)?/g;

function collectNumberLiterals(raw: string): NumberLiterals {
  const nonIntegerLiterals = new Set<number>();
  // Only look outside strings: strip string literals first.
  const outside = raw.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  for (const m of outside.matchAll(NUMBER_LITERAL)) {
    if (m[1] !== undefined || m[2] !== undefined) nonIntegerLiterals.add(Number(m[0]));
  }
  return { nonIntegerLiterals };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
