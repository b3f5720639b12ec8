import { aMatchingSnapshot, aMention } from '@scb/testing';
import {
  MAX_CONDITIONS_PER_SET,
  MAX_CONDITIONS_PER_RULE,
  MAX_RULE_SET_PATTERN_COST,
  MAX_RULES_PER_SET,
} from './matching-rule.schema';
import { MAX_PATTERN_COST, patternCost } from './pattern-cost';
import { RuleSet, RuleSetValidationError } from './rule-set';
import { dryRunRuleSets } from './rule-set.dry-run';

const rule = (id: string, when: unknown) => ({ id, when, then: { tags: ['t'] } });
const pattern = (p: string) => ({ type: 'textMatches', pattern: p });
const errorsOf = (input: unknown): string[] => {
  try {
    RuleSet.parse(input, 1);
    return [];
  } catch (error) {
    if (!(error instanceof RuleSetValidationError)) throw error;
    return error.errors.map((e) => `${e.path}: ${e.message}`);
  }
};

describe('rule sets are bounded so they cannot freeze the api or the matcher', () => {
  it('refuses the reported patterns: huge counted repeats, in rules and identifier patterns', () => {
    for (const p of ['\\pL{1000}', '(?:.{0,1000}x)', 'a{101}', '(?:\\pL{100}){100}', 'x{0,5000}'])
      expect(errorsOf({ rules: [rule('r', pattern(p))] })).toEqual([
        expect.stringMatching(/^rules\.0\.when\.pattern: (repeat counts|pattern too large)/),
      ]);
    expect(errorsOf({ identifiers: { caseNumber: 'CS-\\d{1000}' } })).toEqual([
      expect.stringMatching(/^identifiers\.caseNumber: repeat counts/),
    ]);
  });

  it('estimates the compiled size of real patterns as small', () => {
    for (const p of ['CS-\\d{6}', '(?i)refund|money back', '\\b(?:order|case)\\s*#?\\d{5,10}\\b'])
      expect(patternCost(p)).toBeLessThan(200);
    expect(patternCost('.{0,100}x')).toBeGreaterThan(500);
    expect(patternCost('(a{100}){100}')).toBeGreaterThan(MAX_PATTERN_COST);
  });

  it('refuses 300 conditions in one rule (the reported dry-run) and too many patterns in one set', () => {
    const many = Array.from({ length: 300 }, () => pattern('\\pL'));
    expect(errorsOf({ rules: [rule('r', { type: 'any', conditions: many })] })).toContain(
      `rules.0.when: at most ${MAX_CONDITIONS_PER_RULE} conditions per rule (this one has 301)`,
    );
    const costly = Array.from({ length: 25 }, (_, i) => rule(`r${i}`, pattern('.{0,100}x')));
    expect(errorsOf({ rules: costly })).toEqual([
      expect.stringMatching(/^rules: the patterns of the set are too large together/),
    ]);
    const tooMany = Array.from({ length: MAX_RULES_PER_SET + 1 }, (_, i) =>
      rule(`r${i}`, { type: 'isReply', value: true }),
    );
    expect(errorsOf({ rules: tooMany })).toEqual([expect.stringMatching(/^rules: /)]);
    const wide = Array.from({ length: 120 }, (_, i) =>
      rule(`w${i}`, {
        type: 'all',
        conditions: Array.from({ length: 49 }, () => ({ type: 'isReply', value: true })),
      }),
    );
    expect(errorsOf({ rules: wide })).toEqual([
      `rules: at most ${MAX_CONDITIONS_PER_SET} conditions in a rule set (this one has 6000)`,
    ]);
  });

  it('the worst allowed rule set compiles and runs in bounded time (measured)', () => {
    // Patterns up to the set's budget, each as costly as allowed to run on long text ...
    const costlyPattern = '(?:.{0,99}x)';
    const costly = Math.floor(
      (MAX_RULE_SET_PATTERN_COST - patternCost('CS-\\d{6}')) / patternCost(costlyPattern),
    );
    const rules = Array.from({ length: costly }, (_, i) => rule(`p${i}`, pattern(costlyPattern)));
    // ... and the rest of the set's conditions, with words to look for, up to the rule limit.
    const words = Array.from({ length: 20 }, (_, w) => `word${w}`);
    let conditions = costly;
    while (rules.length < MAX_RULES_PER_SET && conditions < MAX_CONDITIONS_PER_SET) {
      const size = Math.min(MAX_CONDITIONS_PER_RULE - 1, MAX_CONDITIONS_PER_SET - conditions - 1);
      if (size < 1) break;
      rules.push(
        rule(`c${rules.length}`, {
          type: 'any',
          conditions: Array.from({ length: size }, () => ({
            type: 'textContainsAny',
            values: words,
          })),
        }),
      );
      conditions += size + 1;
    }
    let started = performance.now();
    const draft = RuleSet.parse({ rules }, 2);
    const compileMs = performance.now() - started;

    // Long hostile mentions (the contract's 20,000 characters) and ordinary ones.
    const long = Array.from({ length: 5 }, () => aMention({ text: 'é'.repeat(20_000) }));
    const short = Array.from({ length: 50 }, () => aMention());
    started = performance.now();
    dryRunRuleSets(long, aMatchingSnapshot(), RuleSet.defaults(), draft);
    const longMs = (performance.now() - started) / long.length;
    started = performance.now();
    dryRunRuleSets(short, aMatchingSnapshot(), RuleSet.defaults(), draft);
    const shortMs = (performance.now() - started) / short.length;

    process.stdout.write(
      `worst allowed rule set (${costly} costly patterns, ${rules.length} rules, ${conditions} conditions): compile ${compileMs.toFixed(0)} ms, ` +
        `${longMs.toFixed(1)} ms per 20,000-character mention, ${shortMs.toFixed(2)} ms per ordinary mention\n`,
    );
    // Generous bounds (a shared, busy machine); the reported set took 16 s and minutes.
    expect(compileMs).toBeLessThan(5_000);
    expect(longMs).toBeLessThan(2_000);
    expect(shortMs).toBeLessThan(50);
  });
});
