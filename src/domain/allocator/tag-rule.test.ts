import { describe, expect, it } from 'vitest';
import { parseTagRule, tagRuleAccepts } from './tag-rule.js';

describe('parseTagRule (Heketi regex quirks)', () => {
  it.each([
    ['tier=gold', { key: 'tier', op: '=', value: 'gold' }],
    ['tier!=slow', { key: 'tier', op: '!=', value: 'slow' }],
    ['a=b=c', { key: 'a=b', op: '=', value: 'c' }],
    ['zone:east=1', { key: 'zone:east', op: '=', value: '1' }],
    ['disk_type=ssd', { key: 'disk_type', op: '=', value: 'ssd' }],
    ['my-tag=x', null],
    ['tier=', null],
    ['=gold', null],
    ['tier gold', null],
    ['tier==gold', { key: 'tier=', op: '=', value: 'gold' }],
    ['', null],
    ['tier=gold\n', null],
  ])('%j', (text, expected) => {
    expect(parseTagRule(text)).toEqual(expected);
  });
});

describe('tagRuleAccepts', () => {
  const eq = parseTagRule('tier=gold')!;
  const ne = parseTagRule('tier!=gold')!;

  it('= needs the exact value', () => {
    expect(tagRuleAccepts(eq, { tier: 'gold' })).toBe(true);
    expect(tagRuleAccepts(eq, { tier: 'Gold' })).toBe(false);
    expect(tagRuleAccepts(eq, {})).toBe(false);
  });

  it('!= passes a missing tag (it reads as "")', () => {
    expect(tagRuleAccepts(ne, {})).toBe(true);
    expect(tagRuleAccepts(ne, { tier: 'silver' })).toBe(true);
    expect(tagRuleAccepts(ne, { tier: 'gold' })).toBe(false);
  });

  it('does not read inherited properties as tags', () => {
    expect(tagRuleAccepts(parseTagRule('constructor!=x')!, {})).toBe(true);
    expect(tagRuleAccepts(parseTagRule('constructor=x')!, {})).toBe(false);
  });
});
