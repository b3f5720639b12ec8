import { mentionKey } from '@scb/contracts';
import { aCase, aMatchingSnapshot, aMention } from '@scb/testing';
import { BatchCaseMatcher } from './batch-case-matcher';
import { RuleSet } from './rule-set';

const HOUR = 3_600_000;
const NOW = '2026-01-10T12:00:00.000Z';
const hoursBefore = (hours: number) => new Date(Date.parse(NOW) - hours * HOUR).toISOString();
const rules = (definition: unknown = {}) => RuleSet.parse(definition, 1);

/**
 * Product rule (issue 12, docs/architecture.md "Decision order"): a customer's reply to a post on
 * their own case (the brand's answer, or their own post) continues that conversation, so it
 * reopens the case even when it was resolved outside the reopen window; a post with no such
 * link still meets the window.
 */
describe('a direct reply to a post on the customer own resolved case', () => {
  let ids = 0;
  const matcher = new BatchCaseMatcher(() => `id-${++ids}`);
  beforeEach(() => (ids = 0));

  const world = (resolvedHoursAgo: number) => {
    const customerTweet = aMention({
      authorId: '71',
      createdAt: hoursBefore(resolvedHoursAgo + 30),
    });
    const resolved = aCase('c1', { status: 'resolved', resolvedAt: hoursBefore(resolvedHoursAgo) });
    const brandAnswer = aMention({
      direction: 'outbound',
      authorId: 'SpotifyCares',
      inReplyToId: customerTweet.externalId,
      createdAt: hoursBefore(resolvedHoursAgo + 29),
    });
    const snapshot = aMatchingSnapshot({
      customerByAuthor: new Map([[mentionKey(customerTweet), 'c1']]),
      casesByCustomer: new Map([['c1', [resolved]]]),
      caseByPost: new Map([
        [`x:${customerTweet.externalId}`, resolved],
        [`x:${brandAnswer.externalId}`, resolved],
      ]),
    });
    return { customerTweet, brandAnswer, resolved, snapshot };
  };

  it("reopens the case when the customer answers the brand's reply 10 days after it was resolved", () => {
    const { brandAnswer, resolved, snapshot } = world(240);
    const answer = aMention({
      authorId: '71',
      inReplyToId: brandAnswer.externalId,
      createdAt: NOW,
    });

    const [outcome] = matcher.match(
      [answer],
      snapshot,
      rules({ policy: { reopenWindowHours: 72 } }),
    );

    expect(outcome.decision).toMatchObject({
      kind: 'link',
      reopen: true,
      target: { caseId: resolved.caseId },
    });
    expect(outcome.decision.explanation.rule).toBe('reply-thread');
    expect(outcome.decision.explanation.summary).toBe(
      `replies to post ${brandAnswer.externalId} on case ${resolved.caseNumber}: reopened, as a direct reply continues its conversation whatever the reopen window`,
    );
  });

  it('reopens it when the customer replies to their own post on it (a self-thread)', () => {
    const { customerTweet, resolved, snapshot } = world(500);
    const more = aMention({
      authorId: '71',
      inReplyToId: customerTweet.externalId,
      createdAt: NOW,
    });

    const [outcome] = matcher.match([more], snapshot, rules());

    expect(outcome.decision).toMatchObject({
      kind: 'link',
      reopen: true,
      target: { caseId: resolved.caseId },
    });
  });

  it('keeps the window for a post with no reply link, and for a reply to a post on no case', () => {
    const { snapshot } = world(240);
    const plain = aMention({ authorId: '71', createdAt: NOW });
    const unknownParent = aMention({ authorId: '71', inReplyToId: '555', createdAt: NOW });

    for (const post of [plain, unknownParent]) {
      const [outcome] = matcher.match(
        [post],
        snapshot,
        rules({ policy: { reopenWindowHours: 72 } }),
      );
      expect(outcome.decision.kind).toBe('open');
      expect(outcome.decision.explanation.candidates[0].reason).toContain(
        'outside the 72 h reopen window',
      );
    }
  });

  it('still opens a new case when a rule says do not reopen', () => {
    const { brandAnswer, snapshot } = world(240);
    const answer = aMention({
      authorId: '71',
      inReplyToId: brandAnswer.externalId,
      text: 'new problem now',
      createdAt: NOW,
    });
    const set = rules({
      rules: [
        {
          id: 'fresh',
          when: { type: 'textContainsAny', values: ['new problem'] },
          then: { doNotReopen: true },
        },
      ],
    });

    const [outcome] = matcher.match([answer], snapshot, set);

    expect(outcome.decision.kind).toBe('open');
    expect(outcome.decision.explanation.candidates[0].reason).toContain(
      'a rule says do not reopen',
    );
  });

  it("never reopens another customer's case: a stranger answering the brand's reply gets a case of their own", () => {
    const { brandAnswer, resolved, snapshot } = world(240);
    const stranger = aMention({
      authorId: '99',
      inReplyToId: brandAnswer.externalId,
      createdAt: NOW,
    });

    const [outcome] = matcher.match([stranger], snapshot, rules());

    expect(outcome.decision.kind).toBe('open');
    expect(outcome.decision.target?.caseId).not.toBe(resolved.caseId);
  });

  it("files the brand's reply and the customer's answer to it in one batch on the resolved case, reopened", () => {
    const { customerTweet, resolved } = world(240);
    const snapshot = aMatchingSnapshot({
      customerByAuthor: new Map([[mentionKey(customerTweet), 'c1']]),
      casesByCustomer: new Map([['c1', [resolved]]]),
      caseByPost: new Map([[`x:${customerTweet.externalId}`, resolved]]),
    });
    const brandAnswer = aMention({
      direction: 'outbound',
      authorId: 'SpotifyCares',
      inReplyToId: customerTweet.externalId,
      createdAt: hoursBefore(239),
    });
    const answer = aMention({
      authorId: '71',
      inReplyToId: brandAnswer.externalId,
      createdAt: NOW,
    });

    const [brand, customer] = matcher.match([brandAnswer, answer], snapshot, rules());

    expect(brand.decision).toMatchObject({ kind: 'record', target: { caseId: resolved.caseId } });
    expect(customer.decision).toMatchObject({
      kind: 'link',
      reopen: true,
      target: { caseId: resolved.caseId },
    });
  });

  it('reopens it for a post in the same conversation (thread) as the case, whatever the window', () => {
    const { resolved, snapshot } = world(300);
    const inThread = aMention({
      authorId: '71',
      inReplyToId: '555',
      conversationId: '4001',
      createdAt: NOW,
    });
    snapshot.caseByConversation.set('x:4001', resolved);

    const [outcome] = matcher.match(
      [inThread],
      snapshot,
      rules({ policy: { reopenWindowHours: 72 } }),
    );

    expect(outcome.decision).toMatchObject({
      kind: 'link',
      reopen: true,
      target: { caseId: resolved.caseId },
    });
    expect(outcome.decision.explanation.rule).toBe('conversation');
    expect(outcome.decision.explanation.summary).toContain(
      'reopened, as a post in its thread continues it',
    );
  });
});
