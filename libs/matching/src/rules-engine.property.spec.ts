import fc from 'fast-check';
import { SocialMentionSchema } from '@scb/contracts';
import { IdentifierExtractor } from './identifier.extractor';
import type { RuleCondition } from './matching-rule.schema';
import type { RuleSubject } from './rule-condition.evaluator';
import { RuleSet, RuleSetValidationError } from './rule-set';
import { containsPhrase, foldWords } from './text-folding';

const word = fc.string({ minLength: 1, maxLength: 12 }).filter((s) => s.trim().length > 0);
const words = fc.array(word, { minLength: 1, maxLength: 4 });
/** Patterns an admin might type, including the classic catastrophic-backtracking shapes. */
const pattern = fc.constantFrom(
  '(a+)+$',
  '(a|aa)+b',
  '(x+x+)+y',
  '^(\\w+\\s?)*$',
  'CS-\\d{6}',
  'refund|money back',
  '[\\p{L}]+',
  '.*.*.*=.*',
);

const condition: fc.Arbitrary<RuleCondition> = fc.letrec<{ c: RuleCondition }>((tie) => ({
  c: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ type: fc.constant('textContainsAny' as const), values: words }),
    fc.record({ type: fc.constant('textContainsAll' as const), values: words }),
    fc.record({
      type: fc.constant('textMatches' as const),
      pattern,
      caseSensitive: fc.boolean(),
    }),
    fc.record({ type: fc.constant('language' as const), values: words }),
    fc.record({ type: fc.constant('authorHandle' as const), values: words }),
    fc.record({
      type: fc.constant('authorFollowers' as const),
      min: fc.nat({ max: 1e6 }),
      max: fc.constant(1e9),
    }),
    fc.record({
      type: fc.constant('sentiment' as const),
      min: fc.constant(-50),
      max: fc.integer({ min: -50, max: 50 }),
    }),
    fc.record({ type: fc.constant('isReply' as const), value: fc.boolean() }),
    fc.record({ type: fc.constant('hasCaseNumber' as const), value: fc.boolean() }),
    fc.record({
      type: fc.constant('all' as const),
      conditions: fc.array(tie('c'), { minLength: 1, maxLength: 3 }),
    }),
    fc.record({
      type: fc.constant('any' as const),
      conditions: fc.array(tie('c'), { minLength: 1, maxLength: 3 }),
    }),
    fc.record({ type: fc.constant('not' as const), condition: tie('c') }),
  ),
})).c;

const ruleSetInput = fc
  .array(
    fc.record({
      when: condition,
      tags: fc.array(fc.constantFrom('a', 'b', 'c'), { minLength: 1 }),
    }),
    { minLength: 1, maxLength: 8 },
  )
  .map((rules) => ({
    rules: rules.map((r, i) => ({ id: `r${i}`, when: r.when, then: { tags: r.tags } })),
  }));

/** Texts built to hurt: long runs that make backtracking engines explode, plus any text at all. */
const hostileText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 500 }),
  fc.nat({ max: 5_000 }).map((n) => `${'a'.repeat(n)}!`),
  fc.nat({ max: 5_000 }).map((n) => `${'x'.repeat(n)}`),
  fc.nat({ max: 2_000 }).map((n) => `${'word '.repeat(n)}!`),
);

function subjectFor(text: string, sentiment: number | null, rules: RuleSet): RuleSubject {
  const mention = SocialMentionSchema.parse({
    platform: 'x',
    externalId: '1',
    authorId: 'a',
    authorHandle: 'someone',
    text,
    createdAt: '2026-01-01T00:00:00Z',
  });
  return {
    mention,
    foldedText: foldWords(text),
    identifiers: new IdentifierExtractor(rules.definition.identifiers).extract(text),
    customerTier: null,
    sentiment,
    language: () => null,
  };
}

describe('rules engine (property-based)', () => {
  it('any rule set either compiles or is refused with field errors, never another exception', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue({ maxDepth: 8 }), ruleSetInput), (input) => {
        try {
          RuleSet.parse(input, 1);
        } catch (error) {
          expect(error).toBeInstanceOf(RuleSetValidationError);
          expect((error as RuleSetValidationError).errors.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('evaluation never throws and stays fast on hostile text, catastrophic patterns included', () => {
    fc.assert(
      fc.property(
        ruleSetInput,
        hostileText,
        fc.option(fc.integer({ min: -50, max: 50 }), { nil: null }),
        (input, text, sentiment) => {
          const rules = RuleSet.parse(input, 1);
          const started = performance.now();
          const verdict = rules.evaluate(subjectFor(text, sentiment, rules));
          // RE2 is linear: tens of ms at most even on a loaded CI machine; a backtracking
          // engine would take seconds to years on these inputs.
          expect(performance.now() - started).toBeLessThan(1_000);
          expect(verdict.fired.every((id) => /^r\d+$/.test(id))).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('a stored rule set reloads to the same verdicts (parse ∘ serialize round trip)', () => {
    fc.assert(
      fc.property(ruleSetInput, hostileText, (input, text) => {
        const rules = RuleSet.parse(input, 1);
        const reloaded = RuleSet.parse(JSON.parse(JSON.stringify(rules.definition)), 1);
        expect(reloaded.definition).toEqual(rules.definition);
        expect(reloaded.evaluate(subjectFor(text, 0, reloaded))).toEqual(
          rules.evaluate(subjectFor(text, 0, rules)),
        );
      }),
      { numRuns: 200 },
    );
  });

  it('keyword conditions find exactly the whole-word phrases a plain search finds', () => {
    const vocabulary = fc.constantFrom('refund', 'Money', 'back', 'café', 'CAFE', 'x', '!!', 'a b');
    fc.assert(
      fc.property(
        fc.array(vocabulary, { minLength: 1, maxLength: 6 }),
        fc.array(vocabulary, { maxLength: 12 }).map((w) => w.join(' ')),
        (values, text) => {
          const set = RuleSet.parse(
            {
              rules: [
                { id: 'any', when: { type: 'textContainsAny', values }, then: { tags: ['t'] } },
                { id: 'all', when: { type: 'textContainsAll', values }, then: { tags: ['t'] } },
              ],
            },
            1,
          );
          const folded = foldWords(text);
          const found = values.map((v) => containsPhrase(folded, foldWords(v)));
          const expected = [
            ...(found.some(Boolean) ? ['any'] : []),
            ...(found.every(Boolean) ? ['all'] : []),
          ];
          expect(set.evaluate(subjectFor(text, 0, set)).fired).toEqual(expected);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('refuses patterns RE2 cannot run in linear time (backreferences, lookaround), naming the field', () => {
    for (const bad of ['(a)\\1', '(?=a)a', '(?<!x)y', '(a+)+\\1']) {
      let error: unknown;
      try {
        RuleSet.parse(
          {
            rules: [
              { id: 'r', when: { type: 'textMatches', pattern: bad }, then: { tags: ['t'] } },
            ],
          },
          1,
        );
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(RuleSetValidationError);
      expect((error as RuleSetValidationError).errors[0].path).toBe('rules.0.when.pattern');
    }
  });

  it('refuses a rule set nested deeper than anyone writes, without blowing the stack', () => {
    let when: unknown = { type: 'isReply', value: true };
    for (let i = 0; i < 20_000; i += 1) when = { type: 'not', condition: when };
    expect(() => RuleSet.parse({ rules: [{ id: 'r', when, then: { tags: ['t'] } }] }, 1)).toThrow(
      RuleSetValidationError,
    );
  });
});
