import { aMention } from '@scb/testing';
import type { SocialMentionInput } from '@scb/contracts';
import { NO_IDENTIFIERS, type ExtractedIdentifiers } from './identifier.extractor';
import type { RuleCondition } from './matching-rule.schema';
import type { RuleSubject } from './rule-condition.evaluator';
import { RuleSet, RuleSetValidationError } from './rule-set';
import { foldWords } from './text-folding';

interface Known {
  customerTier?: string | null;
  sentiment?: number | null;
  identifiers?: Partial<ExtractedIdentifiers>;
}

/** What a rule sees of a mention, with what is known of its author. */
function subject(mention: Partial<SocialMentionInput>, known: Known = {}): RuleSubject {
  const m = aMention(mention);
  return {
    mention: m,
    foldedText: foldWords(m.text),
    identifiers: { ...NO_IDENTIFIERS, ...known.identifiers },
    customerTier: known.customerTier ?? null,
    sentiment: known.sentiment ?? null,
    language: () => m.lang,
  };
}

/** Does a one-rule set fire on this mention? */
function fires(when: RuleCondition, mention: Partial<SocialMentionInput>, known: Known = {}) {
  const set = RuleSet.parse({ rules: [{ id: 'r', when, then: { tags: ['hit'] } }] }, 1);
  return set.evaluate(subject(mention, known)).fired.length === 1;
}

function validationErrors(input: unknown): Array<{ path: string; message: string }> {
  try {
    RuleSet.parse(input, 1);
  } catch (error) {
    if (error instanceof RuleSetValidationError) return error.errors;
    throw error;
  }
  throw new Error('expected the rule set to be rejected');
}

describe('rule conditions', () => {
  it('textContainsAny: any keyword or phrase, ignoring case and accents, whole words only', () => {
    const when: RuleCondition = { type: 'textContainsAny', values: ['Reembolso', 'money back'] };
    expect(fires(when, { text: 'quiero mi REEMBOLSÓ ya' })).toBe(true);
    expect(fires(when, { text: 'I want my Money  back!' })).toBe(true);
    expect(fires(when, { text: 'reembolsos are slow' })).toBe(false);
    expect(fires(when, { text: 'back my money' })).toBe(false);
  });

  it('textContainsAll: every keyword must occur', () => {
    const when: RuleCondition = { type: 'textContainsAll', values: ['premium', 'café'] };
    expect(fires(when, { text: 'Premium at the CAFE is broken' })).toBe(true);
    expect(fires(when, { text: 'premium is broken' })).toBe(false);
  });

  it('textMatches: RE2 pattern, case-insensitive unless asked', () => {
    expect(
      fires(
        { type: 'textMatches', pattern: 'refund\\s+#\\d+', caseSensitive: false },
        { text: 'REFUND #42' },
      ),
    ).toBe(true);
    expect(
      fires({ type: 'textMatches', pattern: 'Refund', caseSensitive: true }, { text: 'refund' }),
    ).toBe(false);
  });

  it('language matches the base language of a regional tag', () => {
    const when: RuleCondition = { type: 'language', values: ['es'] };
    expect(fires(when, { lang: 'es-MX' })).toBe(true);
    expect(fires(when, { lang: 'en' })).toBe(false);
    expect(fires(when, { lang: null })).toBe(false);
  });

  it('platform', () => {
    expect(fires({ type: 'platform', values: ['facebook'] }, { platform: 'facebook' })).toBe(true);
    expect(fires({ type: 'platform', values: ['facebook'] }, { platform: 'x' })).toBe(false);
  });

  it('authorHandle ignores a leading @ and case', () => {
    const when: RuleCondition = { type: 'authorHandle', values: ['@SpamBot'] };
    expect(fires(when, { authorHandle: 'spambot' })).toBe(true);
    expect(fires(when, { authorHandle: 'someone' })).toBe(false);
  });

  it('authorFollowers range; unknown followers never match', () => {
    const when: RuleCondition = { type: 'authorFollowers', min: 10_000 };
    expect(fires(when, { authorMetrics: { followers: 50_000, verified: null } })).toBe(true);
    expect(fires(when, { authorMetrics: { followers: 99, verified: null } })).toBe(false);
    expect(fires(when, { authorMetrics: { followers: null, verified: null } })).toBe(false);
  });

  it('authorVerified; unknown counts as not verified', () => {
    expect(
      fires(
        { type: 'authorVerified', value: true },
        { authorMetrics: { followers: null, verified: true } },
      ),
    ).toBe(true);
    expect(
      fires(
        { type: 'authorVerified', value: false },
        { authorMetrics: { followers: null, verified: null } },
      ),
    ).toBe(true);
  });

  it('customerTier needs a known customer', () => {
    const when: RuleCondition = { type: 'customerTier', values: ['gold'] };
    expect(fires(when, {}, { customerTier: 'Gold' })).toBe(true);
    expect(fires(when, {}, { customerTier: 'standard' })).toBe(false);
    expect(fires(when, {}, { customerTier: null })).toBe(false);
  });

  it('sentiment range; no score never matches', () => {
    const when: RuleCondition = { type: 'sentiment', max: -2 };
    expect(fires(when, {}, { sentiment: -5 })).toBe(true);
    expect(fires(when, {}, { sentiment: 1 })).toBe(false);
    expect(fires(when, {}, { sentiment: null })).toBe(false);
  });

  it('isReply and hasCaseNumber', () => {
    expect(fires({ type: 'isReply', value: true }, { inReplyToId: '9101' })).toBe(true);
    expect(fires({ type: 'isReply', value: true }, { inReplyToId: null })).toBe(false);
    const caseNumbers = { identifiers: { caseNumbers: ['CS-000001'] } };
    expect(fires({ type: 'hasCaseNumber', value: true }, {}, caseNumbers)).toBe(true);
    expect(fires({ type: 'hasCaseNumber', value: false }, {}, caseNumbers)).toBe(false);
  });

  it('all / any / not combine', () => {
    const refund: RuleCondition = { type: 'textContainsAny', values: ['refund'] };
    const onX: RuleCondition = { type: 'platform', values: ['x'] };
    const all: RuleCondition = { type: 'all', conditions: [refund, onX] };
    const any: RuleCondition = { type: 'any', conditions: [refund, onX] };
    const not: RuleCondition = { type: 'not', condition: refund };
    expect(fires(all, { text: 'refund', platform: 'x' })).toBe(true);
    expect(fires(all, { text: 'refund', platform: 'facebook' })).toBe(false);
    expect(fires(any, { text: 'hello', platform: 'x' })).toBe(true);
    expect(fires(any, { text: 'hello', platform: 'facebook' })).toBe(false);
    expect(fires(not, { text: 'hello' })).toBe(true);
    expect(fires(not, { text: 'refund' })).toBe(false);
  });
});

describe('rule actions', () => {
  const set = RuleSet.parse(
    {
      rules: [
        {
          id: 'spam',
          when: { type: 'textContainsAny', values: ['crypto'] },
          then: { ignore: true },
        },
        {
          id: 'billing',
          when: { type: 'textContainsAny', values: ['refund'] },
          then: { category: 'billing', priority: 2, tags: ['money'] },
        },
        {
          id: 'urgent',
          when: { type: 'textContainsAny', values: ['refund', 'outage'] },
          then: { category: 'other', priority: 1, tags: ['money', 'urgent'] },
        },
        {
          id: 'legal',
          when: { type: 'textContainsAny', values: ['lawyer'] },
          then: { alwaysNewCase: true },
        },
        {
          id: 'closed',
          when: { type: 'textContainsAny', values: ['thanks'] },
          then: { doNotReopen: true },
        },
        {
          id: 'off',
          enabled: false,
          when: { type: 'platform', values: ['x'] },
          then: { ignore: true },
        },
      ],
    },
    7,
  );
  const verdict = (text: string) => set.evaluate(subject({ text }));

  it('ignore', () => {
    expect(verdict('free crypto').ignore).toBe(true);
    expect(verdict('hello').ignore).toBe(false);
  });

  it('the first rule to set category and priority wins; tags accumulate once each', () => {
    expect(verdict('refund please')).toMatchObject({
      fired: ['billing', 'urgent'],
      category: 'billing',
      priority: 2,
      tags: ['money', 'urgent'],
    });
    expect(verdict('outage')).toMatchObject({ category: 'other', priority: 1 });
  });

  it('always open a new case, and do not reopen', () => {
    expect(verdict('my lawyer')).toMatchObject({ alwaysNewCase: true, doNotReopen: false });
    expect(verdict('thanks')).toMatchObject({ alwaysNewCase: false, doNotReopen: true });
  });

  it('a disabled rule does not fire; nothing fires on neutral text', () => {
    expect(verdict('hello')).toEqual({
      fired: [],
      ignore: false,
      category: null,
      priority: null,
      tags: [],
      alwaysNewCase: false,
      doNotReopen: false,
    });
  });
});

describe('rule validation', () => {
  it('names the field path of a bad value', () => {
    const errors = validationErrors({
      rules: [
        { id: 'ok', when: { type: 'isReply', value: true }, then: { tags: ['x'] } },
        {
          id: 'bad',
          when: { type: 'all', conditions: [{ type: 'textMatches', pattern: '(a' }] },
          then: { priority: 9 },
        },
      ],
    });
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'rules.1.when.conditions.0.pattern' }),
        expect.objectContaining({ path: 'rules.1.then.priority' }),
      ]),
    );
  });

  it('rejects unknown operators, empty actions, duplicate ids and bad identifier patterns', () => {
    expect(
      validationErrors({ rules: [{ id: 'a', when: { type: 'nope' }, then: { ignore: true } }] })[0]
        .path,
    ).toBe('rules.0.when.type');
    expect(
      validationErrors({
        rules: [{ id: 'a', when: { type: 'isReply', value: true }, then: {} }],
      })[0],
    ).toMatchObject({ path: 'rules.0.then', message: 'a rule must take at least one action' });
    const twice = { id: 'a', when: { type: 'isReply', value: true }, then: { ignore: true } };
    expect(validationErrors({ rules: [twice, twice] })[0]).toMatchObject({ path: 'rules.1.id' });
    expect(validationErrors({ identifiers: { caseNumber: '[' } })[0].path).toBe(
      'identifiers.caseNumber',
    );
  });

  it('rejects patterns that need backtracking (back-references, look-ahead)', () => {
    expect(validationErrors({ identifiers: { accountNumber: '(\\d)\\1' } })[0].path).toBe(
      'identifiers.accountNumber',
    );
    expect(
      validationErrors({
        rules: [
          { id: 'a', when: { type: 'textMatches', pattern: 'a(?=b)' }, then: { ignore: true } },
        ],
      })[0].path,
    ).toBe('rules.0.when.pattern');
  });

  it('runs a catastrophic-backtracking pattern in linear time on a long input', () => {
    // (a+)+$ on "aaaa…b" takes exponential time in a backtracking engine; RE2 finishes at once.
    const set = RuleSet.parse(
      {
        rules: [
          { id: 'evil', when: { type: 'textMatches', pattern: '(a+)+$' }, then: { ignore: true } },
        ],
      },
      1,
    );
    const verdict = set.evaluate(subject({ text: `${'a'.repeat(10_000)}b` }));
    expect(verdict.ignore).toBe(false);
  });
});
