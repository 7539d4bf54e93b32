/**
 * `user.heketi.device-tag-match` rules (tag_matching_rule.go). The character class `.-_` is a
 * range (0x2E–0x5F) in Heketi's regex, so `:` and `=` are allowed and `-` is not; greedy matching
 * makes `a=b=c` the key `a=b` with value `c`. JS regexes read the class the same way.
 */
import type { Tags } from '../entities.js';

const TAG_RULE = /^([a-zA-Z0-9.-_]+)(!?=)([a-zA-Z0-9.-_]+)$/;

/** A parsed rule: the merged tag `key` must (`=`) or must not (`!=`) equal `value`. */
export interface TagRule {
  key: string;
  op: '=' | '!=';
  value: string;
}

/** The rule, or null when Heketi would reject it. */
export function parseTagRule(text: string): TagRule | null {
  const match = TAG_RULE.exec(text);
  if (match === null) return null;
  return { key: match[1]!, op: match[2] === '=' ? '=' : '!=', value: match[3]! };
}

/** A missing tag reads as "", so `!=` accepts untagged devices. */
export function tagRuleAccepts(rule: TagRule, tags: Tags): boolean {
  const actual = Object.hasOwn(tags, rule.key) ? tags[rule.key] : '';
  return rule.op === '=' ? actual === rule.value : actual !== rule.value;
}
