/**
 * JSON exactly as Go's json.Encoder writes it: `<`, `>`, `&`, U+2028 and U+2029 escaped, and a
 * trailing newline. Heketi's clients never see a difference in content, but byte-for-byte answers
 * keep diff-based compatibility checks simple.
 */
export function goJson(value: unknown, indent?: number): string {
  return escapeLikeGo(JSON.stringify(value, null, indent)) + '\n';
}

function escapeLikeGo(json: string): string {
  return json.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export const JSON_CONTENT_TYPE = 'application/json; charset=UTF-8';
export const TEXT_CONTENT_TYPE = 'text/plain; charset=utf-8';
