import { z } from 'zod';
import { Errors } from '../domain/errors.js';
import { JsonNumber, JsonObject, JsonSyntaxError, parseGoJson, type JsonValue } from './http/go-json-parse.js';

/**
 * Decodes a request body the way Heketi's utils.GetJsonFromRequest (Go's json.Unmarshal into a
 * struct) does, guided by the zod wire schema:
 * - Content-Type is never looked at; the whole text must be valid JSON (Go's syntax rules);
 * - object keys match fields case-insensitively with Go's folding (an exact match wins), unknown
 *   keys are ignored whatever they hold;
 * - every occurrence of a duplicated key is decoded in order: the last wins, objects and maps
 *   merge, and a wrong type in any occurrence fails;
 * - a missing key gives the Go zero value; `null` leaves a scalar or struct as it was and
 *   empties a list or map;
 * - a wrong JSON type, or a number the target cannot hold (a fraction or exponent for an int),
 *   fails.
 * A failure is Heketi's 422 `request unable to be parsed`, followed by Go's own error text so the
 * client learns where (the field path, or the offset of a syntax error).
 * Validation (ozzo's "validation failed: …") is a separate step in each route.
 */
export function decodeBody<S extends z.ZodType>(schema: S, raw: string | undefined): z.infer<S> {
  let tree: JsonValue;
  try {
    tree = parseGoJson(raw ?? '');
  } catch (e) {
    if (!(e instanceof JsonSyntaxError)) throw e;
    throw Errors.parse(`${e.message} at offset ${Buffer.byteLength((raw ?? '').slice(0, e.offset))}`);
  }
  if (tree !== null && kindOf(tree) !== goKind(schema)) {
    throw Errors.parse(`json: cannot unmarshal ${kindOf(tree)} into Go value of type ${goTypeName(schema)}`);
  }
  return decodeInto(schema, tree, undefined, { struct: '', path: [] }) as z.infer<S>;
}

/** Decodes a body that may be absent: absent or empty means the zero value (Heketi's optional bodies). */
export function decodeOptionalBody<S extends z.ZodType>(schema: S, raw: string | undefined): z.infer<S> {
  if (raw === undefined || raw.length === 0) return zeroValue(schema) as z.infer<S>;
  return decodeBody(schema, raw);
}

type AnySchema = z.ZodType & { def: { type: string }; [k: string]: unknown };

/** Where a value sits, for Go's "Go struct field <Struct>.<path> of type <T>" text. */
interface Where {
  struct: string;
  path: string[];
}

function decodeInto(schema: z.ZodType, node: JsonValue, current: unknown, where: Where): unknown {
  const s = schema as AnySchema;
  const type = s.def.type;
  if (type === 'optional' || type === 'nullable' || type === 'default') {
    if (node === null) return type === 'default' ? (current ?? zeroValue(schema)) : undefined;
    return decodeInto(unwrap(s), node, current, where);
  }
  if (node === null) {
    // Go: null empties a slice or map and leaves every other value as it was.
    return type === 'array' || type === 'record' || current === undefined ? zeroValue(schema) : current;
  }
  if (kindOf(node) !== goKind(schema) && goKind(schema) !== 'any') throw typeError(kindOf(node), schema, where);
  switch (type) {
    case 'number':
      return decodeNumber(s, node as JsonNumber, where);
    case 'array': {
      const element = (s as unknown as { element: z.ZodType }).element;
      return (node as JsonValue[]).map((v) => decodeInto(element, v, undefined, where));
    }
    case 'record': {
      const valueType = (s as unknown as { valueType: z.ZodType }).valueType;
      const out = new Map(Object.entries(isPlainObject(current) ? current : {}));
      for (const [k, v] of (node as JsonObject).entries) out.set(k, decodeInto(valueType, v, undefined, where));
      return Object.fromEntries(out);
    }
    case 'object':
      return decodeObject(s, node as JsonObject, current, where);
    case 'string':
    case 'enum':
    case 'boolean':
      return node;
    default:
      return toPlain(node);
  }
}

function decodeObject(schema: AnySchema, node: JsonObject, current: unknown, where: Where): Record<string, unknown> {
  const shape = (schema as unknown as { shape: Record<string, z.ZodType> }).shape;
  const out = isPlainObject(current) ? { ...current } : (zeroValue(schema) as Record<string, unknown>);
  const struct = z.globalRegistry.get(schema)?.id ?? '';
  for (const [key, value] of node.entries) {
    const field = matchField(shape, key);
    if (field === undefined) continue;
    out[field] = decodeInto(shape[field]!, value, out[field], { struct, path: [...where.path, field] });
  }
  return out;
}

/** Go's field lookup: an exact match, else the first field equal under Go's case folding. */
function matchField(shape: Record<string, z.ZodType>, key: string): string | undefined {
  if (Object.hasOwn(shape, key)) return key;
  const folded = foldName(key);
  return Object.keys(shape).find((field) => foldName(field) === folded);
}

/**
 * Go's name folding for struct fields: ASCII letters case-insensitively, plus the four non-ASCII
 * letters whose simple case mapping lands on ASCII (Kelvin sign, long s, dotless and dotted I).
 */
function foldName(name: string): string {
  return name.replace(/[a-z\u212a\u017f\u0131\u0130]/g, (c) => NON_ASCII_FOLDS[c] ?? c.toUpperCase());
}
const NON_ASCII_FOLDS: Record<string, string> = { '\u212a': 'K', '\u017f': 'S', '\u0131': 'I', '\u0130': 'I' };

function decodeNumber(schema: AnySchema, node: JsonNumber, where: Where): number {
  const literal = node.literal;
  const value = Number(literal) + 0; // + 0 turns -0 into 0
  if (isIntSchema(schema)) {
    // Go's strconv.ParseInt: no fraction or exponent. Go holds 64 bits; heketi-ts refuses what a
    // JavaScript number cannot hold exactly instead of rounding it.
    if (!/^-?\d+$/.test(literal) || !Number.isSafeInteger(value)) throw typeError(`number ${literal}`, schema, where);
  } else if (!Number.isFinite(value)) {
    throw typeError(`number ${literal}`, schema, where);
  }
  return value;
}

function typeError(kind: string, schema: z.ZodType, where: Where) {
  const target = where.path.length === 0 ? 'Go value' : `Go struct field ${where.struct}.${where.path.join('.')}`;
  return Errors.parse(`json: cannot unmarshal ${kind} into ${target} of type ${goTypeName(schema)}`);
}

type Kind = 'string' | 'number' | 'bool' | 'array' | 'object' | 'any';

function kindOf(node: JsonValue): Kind {
  if (typeof node === 'string') return 'string';
  if (typeof node === 'boolean') return 'bool';
  if (node instanceof JsonNumber) return 'number';
  if (Array.isArray(node)) return 'array';
  return 'object';
}

/** The JSON kind a schema's Go type accepts. */
function goKind(schema: z.ZodType): Kind {
  const s = schema as AnySchema;
  switch (s.def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
      return goKind(unwrap(s));
    case 'string':
    case 'enum':
      return 'string';
    case 'number':
      return 'number';
    case 'boolean':
      return 'bool';
    case 'array':
      return 'array';
    case 'record':
    case 'object':
      return 'object';
    default:
      return 'any';
  }
}

/** The Go type a schema stands for, as Go's errors print it (named structs as api.<Name>). */
function goTypeName(schema: z.ZodType): string {
  const s = schema as AnySchema;
  switch (s.def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
      return goTypeName(unwrap(s));
    case 'string':
    case 'enum':
      return 'string';
    case 'number':
      return isIntSchema(s) ? 'int' : 'float64';
    case 'boolean':
      return 'bool';
    case 'array':
      return `[]${goTypeName((s as unknown as { element: z.ZodType }).element)}`;
    case 'record':
      return `map[string]${goTypeName((s as unknown as { valueType: z.ZodType }).valueType)}`;
    case 'object': {
      const id = z.globalRegistry.get(schema)?.id;
      return id === undefined ? 'struct {...}' : `api.${id}`;
    }
    default:
      return 'interface {}';
  }
}

function isIntSchema(schema: z.ZodType): boolean {
  return (schema as unknown as { format?: string | null }).format?.includes('int') ?? false;
}

function unwrap(s: AnySchema): z.ZodType {
  return (s as unknown as { unwrap(): z.ZodType }).unwrap();
}

/** A parsed value as plain JavaScript, for schema types the decoder does not interpret. */
function toPlain(node: JsonValue): unknown {
  if (node instanceof JsonNumber) return Number(node.literal);
  if (node instanceof JsonObject) return Object.fromEntries(node.entries.map(([k, v]) => [k, toPlain(v)]));
  if (Array.isArray(node)) return node.map(toPlain);
  return node;
}

/** The Go zero value for a schema: what a missing or null field decodes to. */
export function zeroValue(schema: z.ZodType): unknown {
  const s = schema as AnySchema;
  switch (s.def.type) {
    case 'optional':
    case 'nullable':
      return undefined;
    case 'default':
      return zeroValue(unwrap(s));
    case 'string':
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

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
