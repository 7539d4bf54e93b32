import type { Scenario } from './corpus.js';

/**
 * A corpus file: the scenario's header fields, then one exchange per line, so a re-recording's
 * diff shows exactly which exchanges changed.
 */
export function serialiseScenario(s: Scenario): string {
  const { exchanges, ...header } = s;
  const head = JSON.stringify(header, null, 2).replace(/\n}$/, '');
  const lines = exchanges.map((e) => `    ${JSON.stringify(e)}`).join(',\n');
  return `${head},\n  "exchanges": [\n${lines}\n  ]\n}\n`;
}
