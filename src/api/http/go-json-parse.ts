/**
 * A JSON parser with the syntax rules and error texts of Go's encoding/json scanner, which Heketi's
 * utils.GetJsonFromRequest runs over every request body (json.Unmarshal checks the whole text
 * before it decodes anything). Unlike JSON.parse it keeps what a Go decoder needs and JSON.parse
 * loses: the literal text of every number (Go refuses `10.0` for an int field but not elsewhere)
 * and every key of an object in order, duplicates included (Go decodes each one in turn).
 *
 * It is iterative — no recursion, no backtracking regular expressions — so neither a deeply
 * nested body nor a string of many megabytes can exhaust the stack; nesting deeper than Go's
 * 10000 levels is refused with Go's text.
 */

export type JsonValue = null | boolean | string | JsonNumber | JsonValue[] | JsonObject;

/** A number as written; decoding decides whether it fits the target (Go's strconv rules). */
export class JsonNumber {
  constructor(readonly literal: string) {}
}

/** An object's members in document order, duplicate keys kept. */
export class JsonObject {
  constructor(readonly entries: Array<[string, JsonValue]>) {}
}

/** Go's *json.SyntaxError: its message, and the offset (in UTF-16 units) of the offending character. */
export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = 'JsonSyntaxError';
  }
}

/** Go's limit on nesting (encoding/json scanner.go maxNestingDepth). */
export const MAX_NESTING_DEPTH = 10000;

type Frame = { kind: 'array'; items: JsonValue[] } | { kind: 'object'; entries: Array<[string, JsonValue]>; key: string };

const SIMPLE_ESCAPES = '"\\/bfnrt';

/** Parses `text` as Go's json.Unmarshal would accept it, or throws Go's syntax error. */
export function parseGoJson(text: string): JsonValue {
  return new GoJsonParser(text).parse();
}

class GoJsonParser {
  private i = 0;
  private readonly stack: Frame[] = [];

  constructor(private readonly text: string) {}

  parse(): JsonValue {
    for (;;) {
      let value = this.parseValueStart();
      if (value === OPENED) continue;
      for (;;) {
        const frame = this.stack.at(-1);
        if (frame === undefined) {
          this.skipSpace();
          if (this.i < this.text.length) throw this.invalid('after top-level value');
          return value;
        }
        const closed = this.afterElement(frame, value);
        if (closed === NEXT) break;
        value = closed;
      }
    }
  }

  /** Reads a value, or opens a container and returns OPENED when its first element follows. */
  private parseValueStart(): JsonValue | typeof OPENED {
    this.skipSpace();
    const c = this.text[this.i];
    switch (c) {
      case '{':
        this.push({ kind: 'object', entries: [], key: '' });
        this.skipSpace();
        if (this.text[this.i] === '}') {
          this.i++;
          this.stack.pop();
          return new JsonObject([]);
        }
        this.readKey(this.stack.at(-1) as Frame & { kind: 'object' });
        return OPENED;
      case '[':
        this.push({ kind: 'array', items: [] });
        this.skipSpace();
        if (this.text[this.i] === ']') {
          this.i++;
          this.stack.pop();
          return [];
        }
        return OPENED;
      case '"':
        return this.readString();
      case 't':
        return this.readLiteral('true', true);
      case 'f':
        return this.readLiteral('false', false);
      case 'n':
        return this.readLiteral('null', null);
      default:
        if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.readNumber();
        throw this.invalid('looking for beginning of value');
    }
  }

  /** Adds a finished value to its container; returns the container if that closed, else NEXT. */
  private afterElement(frame: Frame, value: JsonValue): JsonValue | typeof NEXT {
    if (frame.kind === 'array') frame.items.push(value);
    else frame.entries.push([frame.key, value]);
    this.skipSpace();
    const c = this.text[this.i];
    if (c === ',') {
      this.i++;
      if (frame.kind === 'object') this.readKey(frame);
      return NEXT;
    }
    if (frame.kind === 'array' && c === ']') {
      this.i++;
      this.stack.pop();
      return frame.items;
    }
    if (frame.kind === 'object' && c === '}') {
      this.i++;
      this.stack.pop();
      return new JsonObject(frame.entries);
    }
    throw this.invalid(frame.kind === 'array' ? 'after array element' : 'after object key:value pair');
  }

  private readKey(frame: Frame & { kind: 'object' }): void {
    this.skipSpace();
    if (this.text[this.i] !== '"') throw this.invalid('looking for beginning of object key string');
    frame.key = this.readString();
    this.skipSpace();
    if (this.text[this.i] !== ':') throw this.invalid('after object key');
    this.i++;
  }

  private push(frame: Frame): void {
    if (this.stack.length >= MAX_NESTING_DEPTH) throw this.invalid('exceeded max depth');
    this.stack.push(frame);
    this.i++;
  }

  /**
   * A string token: scanned here for Go's errors, unescaped by JSON.parse (the escapes are the
   * same in both), then unpaired surrogates replaced by U+FFFD as Go's unquote does.
   */
  private readString(): string {
    const text = this.text;
    const start = this.i;
    let escaped = false;
    let i = start + 1;
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 0x22) break;
      if (c === 0x5c) {
        this.i = i;
        this.skipEscape();
        i = this.i;
        escaped = true;
        continue;
      }
      if (c < 0x20 || Number.isNaN(c)) {
        this.i = i;
        throw Number.isNaN(c) ? this.endOfInput() : this.invalid('in string literal');
      }
      i++;
    }
    this.i = i + 1;
    if (!escaped) return text.slice(start + 1, i);
    return toWellFormed(JSON.parse(text.slice(start, i + 1)) as string);
  }

  /** Checks one escape after a backslash and steps over it. */
  private skipEscape(): void {
    this.i++;
    const c = this.text[this.i];
    if (c === undefined) throw this.invalid('in string escape code', ' ');
    if (c === 'u') {
      this.i++;
      this.readHex4();
      return;
    }
    if (!SIMPLE_ESCAPES.includes(c)) throw this.invalid('in string escape code');
    this.i++;
  }

  private readHex4(): void {
    for (let k = 0; k < 4; k++) {
      const c = this.text.charCodeAt(this.i);
      if (Number.isNaN(c)) throw this.invalid('in \\u hexadecimal character escape', ' ');
      const hex = (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
      if (!hex) throw this.invalid('in \\u hexadecimal character escape');
      this.i++;
    }
  }

  /** A number by Go's grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
  private readNumber(): JsonNumber {
    const text = this.text;
    const start = this.i;
    if (text.charCodeAt(this.i) === 0x2d) {
      this.i++;
      if (!this.atDigit()) throw this.invalidOrEnd('in numeric literal');
    }
    if (text.charCodeAt(this.i) === 0x30) this.i++;
    else this.skipDigits();
    if (text.charCodeAt(this.i) === 0x2e) {
      this.i++;
      if (!this.atDigit()) throw this.invalidOrEnd('after decimal point in numeric literal');
      this.skipDigits();
    }
    const e = text.charCodeAt(this.i);
    if (e === 0x65 || e === 0x45) {
      this.i++;
      const sign = text.charCodeAt(this.i);
      if (sign === 0x2b || sign === 0x2d) this.i++;
      if (!this.atDigit()) throw this.invalidOrEnd('in exponent of numeric literal');
      this.skipDigits();
    }
    return new JsonNumber(text.slice(start, this.i));
  }

  private readLiteral<T extends JsonValue>(word: string, value: T): T {
    for (let k = 1; k < word.length; k++) {
      const c = this.text[this.i + k];
      if (c !== word[k]) {
        this.i += k;
        throw this.invalidOrEnd(`in literal ${word} (expecting '${word[k]}')`);
      }
    }
    this.i += word.length;
    return value;
  }

  private atDigit(): boolean {
    const c = this.text.charCodeAt(this.i);
    return c >= 0x30 && c <= 0x39;
  }

  private skipDigits(): void {
    while (this.atDigit()) this.i++;
  }

  private skipSpace(): void {
    const text = this.text;
    let i = this.i;
    for (;;) {
      const c = text.charCodeAt(i);
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
      i++;
    }
    this.i = i;
  }

  /**
   * Go's error for the character at the cursor. At the end of the input Go feeds the scanner a
   * space: inside a number or literal that space is the invalid character, elsewhere the input
   * simply ended.
   */
  private invalid(context: string, atEnd?: string): JsonSyntaxError {
    const c = this.text[this.i] ?? atEnd;
    if (c === undefined) return this.endOfInput();
    return new JsonSyntaxError(`invalid character ${quoteChar(c, this.text.codePointAt(this.i))} ${context}`, this.i);
  }

  private invalidOrEnd(context: string): JsonSyntaxError {
    return this.invalid(context, ' ');
  }

  private endOfInput(): JsonSyntaxError {
    return new JsonSyntaxError('unexpected end of JSON input', this.text.length);
  }
}

const OPENED = Symbol('opened');
const NEXT = Symbol('next');

/** Lone surrogates (only an escape can make one) become U+FFFD. */
function toWellFormed(s: string): string {
  return (s as string & { toWellFormed(): string }).toWellFormed();
}

/**
 * Go's quoteChar: the scanner sees bytes, so a non-ASCII character is shown by its first UTF-8
 * byte read as a Latin-1 rune; quotes and backslashes escaped, unprintable ones as \xNN or \uNNNN.
 */
function quoteChar(c: string, codePoint: number | undefined): string {
  if (c === "'") return "'\\''";
  if (c === '"') return `'"'`;
  const code = codePoint ?? c.charCodeAt(0);
  const byte = code < 0x80 ? code : Buffer.from(String.fromCodePoint(code), 'utf8')[0]!;
  return `'${goQuoteRune(byte)}'`;
}

const NAMED_CONTROLS: Record<number, string> = { 7: '\\a', 8: '\\b', 9: '\\t', 10: '\\n', 11: '\\v', 12: '\\f', 13: '\\r' };

function goQuoteRune(r: number): string {
  if (r === 0x5c) return '\\\\';
  if (NAMED_CONTROLS[r] !== undefined) return NAMED_CONTROLS[r];
  if (r < 0x20 || r === 0x7f) return `\\x${r.toString(16).padStart(2, '0')}`;
  if ((r >= 0x80 && r <= 0xa0) || r === 0xad) return `\\u${r.toString(16).padStart(4, '0')}`;
  return String.fromCharCode(r);
}
