/**
 * JSON exactly as Go's json.Encoder writes it: `<`, `>`, `&`, U+2028 and U+2029 escaped, and a
 * trailing newline. Heketi's clients never see a difference in content, but byte-for-byte answers
 * keep diff-based compatibility checks simple.
 */
export function goJson(value: unknown, indent?: number): string {
  return escapeLikeGo(JSON.stringify(value, null, indent)) + '\n';
}

/** A string as goJson writes it inside a body (quoted, escaped as JSON and as Go). */
export function goJsonString(s: string): string {
  const json = JSON.stringify(s);
  return GO_ESCAPED.test(json) ? escapeLikeGo(json) : json;
}

const GO_ESCAPED = /[<>&\u2028\u2029]/;

function escapeLikeGo(json: string): string {
  return json.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export const JSON_CONTENT_TYPE = 'application/json; charset=UTF-8';
export const TEXT_CONTENT_TYPE = 'text/plain; charset=utf-8';
