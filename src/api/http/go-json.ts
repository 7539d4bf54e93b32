/**
 * JSON exactly as Go's json.Encoder writes it: `<`, `>`, `&`, U+2028 and U+2029 escaped, and a
 * trailing newline. Heketi's clients never see a difference in content, but byte-for-byte answers
 * keep diff-based compatibility checks simple.
 */
export function goJson(value: unknown, indent?: number): string {
  return escapeLikeGo(JSON.stringify(value, null, indent)) + '\n';
}

/**
 * JSON text escaped as Go's encoder escapes it (what goJson does after JSON.stringify), for
 * bodies written as text; the one pass over the text costs little when nothing needs escaping.
 */
export function escapeLikeGo(json: string): string {
  return GO_ESCAPED.test(json) ? json.replace(GO_ESCAPED_ALL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : json;
}

const GO_ESCAPED = /[<>&\u2028\u2029]/;
const GO_ESCAPED_ALL = /[<>&\u2028\u2029]/g;

export const JSON_CONTENT_TYPE = 'application/json; charset=UTF-8';
export const TEXT_CONTENT_TYPE = 'text/plain; charset=utf-8';
