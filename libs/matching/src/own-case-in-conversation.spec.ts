import { mentionKey } from '@scb/contracts';
import { aCase, aMatchingSnapshot, aMention } from '@scb/testing';
import { BatchCaseMatcher } from './batch-case-matcher';
import { customerConversationKey } from './case-decision';
import { RuleSet } from './rule-set';

const HOUR = 3_600_000;
const NOW = '2026-01-10T12:00:00.000Z';
const hoursBefore = (hours: number) => new Date(Date.parse(NOW) - hours * HOUR).toISOString();
const rules = (definition: unknown = {}) =>
  RuleSet.parse({ policy: { reopenWindowHours: 72 }, ...(definition as object) }, 1);

/**
 * The last split of eval:twcs (docs/performance.md "Evaluation", conversation 1698985): customer
 * 515266 answers a brand post, then 8 days later answers the brand's reply to ANOTHER customer in
 * the same X conversation. The conversation's latest case is the other customer's (context, by
 * author-aware threads); the author's own earlier case in that conversation takes the post, and
 * reopens at any age, as a post in the thread of one's own case does.
 */
describe("the author's own case in a conversation whose latest case is another customer's", () => {
  let ids = 0;
  const matcher = new BatchCaseMatcher(() => `id-${++ids}`);
  beforeEach(() => (ids = 0));

  /** Ann's case (resolved 8 days ago) and Bob's open case, both in conversation 5001. */
  const world = () => {
    const annFirst = aMention({ authorId: '81', conversationId: '5001' });
    const bobPost = aMention({ authorId: '82', conversationId: '5001' });
    const brandToBob = aMention({
      direction: 'outbound',
      authorId: 'SpotifyCares',
      inReplyToId: bobPost.externalId,
      conversationId: '5001',
    });
    const annCase = aCase('ann', { status: 'resolved', resolvedAt: hoursBefore(8 * 24) });
    const bobCase = aCase('bob');
    const snapshot = aMatchingSnapshot({
      customerByAuthor: new Map([
        [mentionKey(annFirst), 'ann'],
        [mentionKey(bobPost), 'bob'],
      ]),
      casesByCustomer: new Map([
        ['ann', [annCase]],
        ['bob', [bobCase]],
      ]),
      caseByPost: new Map([
        [`x:${annFirst.externalId}`, annCase],
        [`x:${bobPost.externalId}`, bobCase],
        [`x:${brandToBob.externalId}`, bobCase],
      ]),
      caseByConversation: new Map([['x:5001', bobCase]]),
      customerCaseByConversation: new Map([[customerConversationKey('x', '5001', 'ann'), annCase]]),
    });
    const annAnswer = aMention({
      authorId: '81',
      inReplyToId: brandToBob.externalId,
      conversationId: '5001',
      createdAt: NOW,
    });
    return { annCase, bobCase, brandToBob, snapshot, annAnswer };
  };

  it("reopens the author's own case 8 days on; the other customer's case stays context", () => {
    const { annCase, bobCase, brandToBob, snapshot, annAnswer } = world();

    const [outcome] = matcher.match([annAnswer], snapshot, rules());

    expect(outcome.decision).toMatchObject({
      kind: 'link',
      reopen: true,
      target: { caseId: annCase.caseId, customerId: 'ann' },
    });
    expect(outcome.decision.explanation.rule).toBe('conversation');
    expect(outcome.decision.explanation.context).toMatchObject({
      postId: brandToBob.externalId,
      caseId: bobCase.caseId,
    });
    expect(outcome.decision.explanation.candidates).toContainEqual(
      expect.objectContaining({
        caseId: bobCase.caseId,
        chosen: false,
        reason: expect.stringContaining("another customer's: kept as context"),
      }),
    );
  });

  it('joins it when still open (no reopen)', () => {
    const { snapshot, annAnswer } = world();
    const open = aCase('ann');
    snapshot.casesByCustomer.set('ann', [open]);
    snapshot.customerCaseByConversation.set(customerConversationKey('x', '5001', 'ann'), open);

    const [outcome] = matcher.match([annAnswer], snapshot, rules());

    expect(outcome.decision).toMatchObject({
      kind: 'link',
      reopen: false,
      target: { caseId: open.caseId },
    });
  });

  it('still opens a new case when a rule says do not reopen', () => {
    const { annCase, snapshot, annAnswer } = world();
    const answer = { ...annAnswer, text: 'new problem now' };
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
    expect(outcome.decision.target?.caseId).not.toBe(annCase.caseId);
  });

  it('without an own case in the conversation, the author still gets a new case of their own', () => {
    const { bobCase, snapshot, annAnswer } = world();
    snapshot.customerCaseByConversation.clear();

    const [outcome] = matcher.match([annAnswer], snapshot, rules());

    expect(outcome.decision.kind).toBe('open');
    expect(outcome.decision.target?.caseId).not.toBe(bobCase.caseId);
    expect(outcome.decision.target?.customerId).toBe('ann');
  });

  it('within one batch: Ann, then Bob, then Ann again in the thread keep two cases, Ann on hers', () => {
    const ann1 = aMention({ authorId: '91', conversationId: '6001' });
    const bob = aMention({ authorId: '92', conversationId: '6001', inReplyToId: '6001' });
    const ann2 = aMention({ authorId: '91', conversationId: '6001', inReplyToId: bob.externalId });

    const [a1, b, a2] = matcher.match([ann1, bob, ann2], aMatchingSnapshot(), rules());

    expect(b.decision.kind).toBe('open');
    expect(b.decision.target?.caseId).not.toBe(a1.decision.target?.caseId);
    expect(a2.decision).toMatchObject({
      kind: 'link',
      target: { caseId: a1.decision.target?.caseId },
    });
    expect(a2.decision.explanation.rule).toBe('conversation');
  });
});
