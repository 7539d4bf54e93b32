/**
 * The words Go's encoding/json uses when a JSON value does not fit a Go type, as golang-jwt passes
 * them on in "json: cannot unmarshal <value> into Go ...".
 */
export class GoJsonError extends Error {}

/**
 * Go's name for a JSON value: `bool`, `array`, `object`, `string`, `number`; a number that an
 * integer field refused is shown with its literal (`number 1.5`). A top-level null has no Go text
 * (Heketi's parser does not refuse it with a message) and is named `object`.
 */
export function goJsonTypeName(value: unknown, withLiteral = false): string {
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return withLiteral ? `number ${value}` : 'number';
  if (typeof value === 'boolean') return 'bool';
  return typeof value;
}
