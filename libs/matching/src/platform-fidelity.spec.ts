import { mentionKey } from '@scb/contracts';
import { aCase, aMatchingSnapshot, aMention } from '@scb/testing';
import { BatchCaseMatcher } from './batch-case-matcher';
import { RuleSet } from './rule-set';

const rules = () => RuleSet.parse({}, 1);

describe('BatchCaseMatcher: not every post is a customer contact (issue 13)', () => {
  const matcher = new BatchCaseMatcher(() => `id-${Math.random()}`);

  it('records a repost as ignored with the reason, even from a customer with an open case', () => {
    const open = aCase('c1');
    const retweet = aMention({ repostOf: '1900000000000001001' });
    const snapshot = aMatchingSnapshot({
      customerByAuthor: new Map([[mentionKey(retweet), 'c1']]),
      casesByCustomer: new Map([['c1', [open]]]),
    });
    const [outcome] = matcher.match([retweet], snapshot, rules());
    expect(outcome.decision).toMatchObject({
      kind: 'ignore',
      target: null,
      explanation: { rule: 'ignored', ignoredReason: 'repost' },
    });
    expect(outcome.decision.explanation.summary).toContain('1900000000000001001');
  });

  it('keeps a quote post (its own words) a customer post', () => {
    const quote = aMention({ repostOf: null, text: 'this is exactly my problem too' });
    const [outcome] = matcher.match([quote], aMatchingSnapshot(), rules());
    expect(outcome.decision.kind).toBe('open');
  });

  it('records the removal of a post it never stored as ignored, with the reason', () => {
    const removed = aMention({ lifecycle: 'removed', text: '' });
    const [outcome] = matcher.match([removed], aMatchingSnapshot(), rules());
    expect(outcome.decision.explanation.ignoredReason).toBe('removed-unseen');
  });

  it("files the brand's posts only on a thread's case, never as a customer", () => {
    const brandPost = aMention({ direction: 'outbound', authorId: 'brand', inReplyToId: null });
    expect(matcher.match([brandPost], aMatchingSnapshot(), rules())).toEqual([]);
  });
});
