import { mentionKey, SocialMentionSchema, type SocialMention } from '@scb/contracts';
import {
  normalizeMetaWebhook,
  parseMetaBody,
  xTweetToMention,
  type XTweet,
} from '@scb/social-sources';
import { aCase, aMatchingSnapshot, aMention, platformCase } from '@scb/testing';
import { BatchCaseMatcher } from './batch-case-matcher';
import type { CaseCandidate, MatchingSnapshot, MatchOutcome } from './case-decision';
import { RuleSet } from './rule-set';

const rules = RuleSet.parse({}, 1);

/** Platform case 01 as the X poller reads it: Dana's tweet, then Theo's reply in her thread. */
function case01(): { dana: SocialMention; theo: SocialMention } {
  const file = JSON.parse(platformCase('01-x-third-party-reply-in-thread').toString('utf8')) as {
    users: Array<{ id: string; username: string; name: string }>;
    tweets: XTweet[];
  };
  const users = new Map(file.users.map((u) => [u.id, u]));
  const [dana, theo] = file.tweets.map((t) =>
    SocialMentionSchema.parse(xTweetToMention(t, users, 'x-mentions', 'AcmeCare')),
  );
  return { dana, theo };
}

/** Platform cases 02a and 02b as the Meta webhook normalizes them (the page post is the brand's). */
function case02(): { pagePost: SocialMention; lena: SocialMention; omar: SocialMention } {
  const read = (name: string) => {
    const body = parseMetaBody(platformCase(name).toString('utf8'));
    if (!('value' in body)) throw new Error(body.error);
    const normalized = normalizeMetaWebhook(body.value);
    if ('error' in normalized) throw new Error(normalized.error);
    return normalized.mentions;
  };
  const [pagePost, lena] = read('02a-meta-page-post-and-first-comment');
  const [omar] = read('02b-meta-second-customer-comment-same-post');
  return { pagePost, lena, omar };
}

/**
 * What the repository would load after a batch: the cases its decisions made, with their posts
 * and conversations (a later batch sees them from the database, not from the batch's memory).
 */
function after(outcomes: MatchOutcome[], base: Partial<MatchingSnapshot> = {}): MatchingSnapshot {
  const snap = aMatchingSnapshot(base);
  for (const { mention, customer, decision } of outcomes) {
    if (!decision.target) continue;
    const stored: CaseCandidate = aCase(decision.target.customerId, {
      caseId: decision.target.caseId,
      caseNumber: decision.target.caseNumber ?? `CS-${decision.target.caseId.slice(-6)}`,
    });
    snap.caseByPost.set(`${mention.platform}:${mention.externalId}`, stored);
    if (mention.conversationId)
      snap.caseByConversation.set(`${mention.platform}:${mention.conversationId}`, stored);
    if (customer.signal !== 'brand') {
      snap.customerByAuthor.set(mentionKey(mention), customer.customerId);
      snap.casesByCustomer.set(customer.customerId, [stored]);
    }
  }
  return snap;
}

describe('author-aware threads (issue 12 point 3; platform cases 01, 02a, 02b)', () => {
  let ids = 0;
  const matcher = new BatchCaseMatcher(() => `id-${++ids}`);
  beforeEach(() => (ids = 0));
  const decide = (mentions: SocialMention[], snap = aMatchingSnapshot()) =>
    matcher.match(mentions, snap, rules);

  /** Theo (or Omar) has a case of his own; Dana's (or Lena's) thread is its context. */
  function expectOwnCaseWithContext(
    stranger: MatchOutcome,
    customer: MatchOutcome,
    contextPost: string,
  ) {
    expect(stranger.decision.kind).toBe('open');
    expect(stranger.customer.customerId).not.toBe(customer.customer.customerId);
    expect(stranger.decision.target?.caseId).not.toBe(customer.decision.target?.caseId);
    expect(stranger.decision.explanation.candidates).toContainEqual(
      expect.objectContaining({
        caseId: customer.decision.target?.caseId,
        chosen: false,
        reason: expect.stringContaining("another customer's: kept as context"),
      }),
    );
    expect(stranger.decision.explanation.context).toMatchObject({
      postId: contextPost,
      caseId: customer.decision.target?.caseId,
    });
  }

  it("01 in one batch: Theo's reply in Dana's thread opens his own case; hers keeps only her tweet", () => {
    const { dana, theo } = case01();
    const [d, t] = decide([dana, theo]);
    expect(d.decision.kind).toBe('open');
    expectOwnCaseWithContext(t, d, dana.externalId);
  });

  it("01 across batches: Dana's case is on file when Theo replies", () => {
    const { dana, theo } = case01();
    const [d] = decide([dana]);
    const [t] = decide([theo], after([d]));
    expectOwnCaseWithContext(t, d, dana.externalId);
  });

  it('01 in the other order (the reply first, in one batch or across): two cases, never one', () => {
    const { dana, theo } = case01();
    const [t1, d1] = decide([theo, dana]);
    expect(d1.decision.target?.caseId).not.toBe(t1.decision.target?.caseId);
    expect(d1.customer.customerId).not.toBe(t1.customer.customerId);
    const [t2] = decide([theo]);
    const [d2] = decide([dana], after([t2]));
    expect(d2.decision.kind).toBe('open');
    expect(d2.decision.target?.customerId).not.toBe(t2.customer.customerId);
  });

  it('01 by conversation only (the post replied to is unknown): the conversation is context, not joined', () => {
    const { dana, theo } = case01();
    const [d] = decide([dana]);
    const unknownParent = { ...theo, inReplyToId: '1900000000000001999' };
    const [t] = decide([unknownParent], after([d]));
    expectOwnCaseWithContext(t, d, dana.conversationId!);
  });

  it('02a then 02b: the page post is left out, Omar gets his own case under Lena’s thread, in either order', () => {
    const { pagePost, lena, omar } = case02();
    expect(pagePost.direction).toBe('outbound');
    const inOne = decide([pagePost, lena, omar]);
    expect(inOne).toHaveLength(2);
    expectOwnCaseWithContext(inOne[1], inOne[0], lena.conversationId!);
    const [l] = decide([pagePost, lena]);
    const [o] = decide([omar], after([l]));
    expectOwnCaseWithContext(o, l, lena.conversationId!);
    const [o2, l2] = decide([omar, lena]);
    expect(l2.decision.target?.caseId).not.toBe(o2.decision.target?.caseId);
  });

  it("02a: the page's own post stays out when the comments under it were decided first (a held post retried, or later in the batch)", () => {
    const { pagePost, lena, omar } = case02();
    // Later in one batch: Lena's case is the conversation's, in the batch's memory.
    expect(decide([lena, omar, pagePost]).map((o) => o.mention)).toEqual([lena, omar]);
    // Retried after Lena's case is on file for the conversation (the held post's next round).
    const [l] = decide([lena]);
    expect(decide([pagePost], after([l]))).toEqual([]);
  });

  it('a reply to a reply: Dana answering Theo stays on her thread’s case, even with a newer open case', () => {
    const { dana, theo } = case01();
    const [d, t] = decide([dana, theo]);
    const danaAgain = aMention({
      authorId: dana.authorId,
      inReplyToId: theo.externalId,
      conversationId: dana.conversationId,
    });
    const snap = after([d, t]);
    const newer = aCase(d.customer.customerId);
    snap.casesByCustomer.set(d.customer.customerId, [
      newer,
      ...snap.casesByCustomer.get(d.customer.customerId)!,
    ]);

    const [again] = decide([danaAgain], snap);

    expect(again.decision).toMatchObject({
      kind: 'link',
      target: { caseId: d.decision.target?.caseId },
    });
    expect(again.decision.explanation.rule).toBe('conversation');
    // In one batch too: her answer to Theo joins her case, not his.
    const [first, , inBatch] = decide([dana, theo, danaAgain]);
    expect(inBatch.decision).toMatchObject({
      kind: 'link',
      target: { caseId: first.decision.target?.caseId },
    });
  });

  it("a thread started by the brand's post: each customer answering in it has their own case; the brand's reply joins the one it answers", () => {
    const announcement = aMention({
      direction: 'outbound',
      authorId: '900000000000000001',
      externalId: '1900000000000003000',
      conversationId: '1900000000000003000',
    });
    const dana = aMention({
      inReplyToId: announcement.externalId,
      conversationId: announcement.externalId,
    });
    const theo = aMention({
      inReplyToId: dana.externalId,
      conversationId: announcement.externalId,
    });
    const brandToTheo = aMention({
      direction: 'outbound',
      authorId: announcement.authorId,
      inReplyToId: theo.externalId,
      conversationId: announcement.externalId,
    });

    const outcomes = decide([announcement, dana, theo, brandToTheo]);

    expect(outcomes).toHaveLength(3); // the announcement answers nothing on a case: left out
    const [d, t, b] = outcomes;
    expectOwnCaseWithContext(t, d, dana.externalId);
    expect(b.decision).toMatchObject({
      kind: 'record',
      target: { caseId: t.decision.target?.caseId },
    });
  });

  it("the customer's other proven account joins her thread (same customer on file)", () => {
    const thread = aCase('dana');
    const second = aMention({
      inReplyToId: '1900000000000004000',
      conversationId: '1900000000000004000',
    });
    const snap = aMatchingSnapshot({
      customerByAuthor: new Map([
        ['x:771000000000000001', 'dana'],
        [mentionKey(second), 'dana'],
      ]),
      caseByPost: new Map([['x:1900000000000004000', thread]]),
      casesByCustomer: new Map([['dana', [thread]]]),
    });

    const [outcome] = decide([second], snap);

    expect(outcome.decision).toMatchObject({ kind: 'link', target: { caseId: thread.caseId } });
    expect(outcome.decision.explanation.rule).toBe('reply-thread');
    expect(outcome.decision.explanation.context).toBeUndefined();
  });

  it('a persona proven to be the customer in the batch: its thread becomes hers, and her reply joins it', () => {
    const thread = aCase('persona-p');
    const snap = aMatchingSnapshot({
      customerByAuthor: new Map([
        ['x:8000000000000000001', 'persona-p'],
        ['x:8000000000000000002', 'dana'],
      ]),
      customerByIdentifier: new Map([['email:dana@example.com', 'dana']]),
      caseByPost: new Map([['x:1900000000000005000', thread]]),
      casesByCustomer: new Map([['persona-p', [thread]]]),
      personas: new Set(['persona-p']),
    });
    const proof = aMention({ authorId: '8000000000000000001', text: 'it is me, dana@example.com' });
    const reply = aMention({
      authorId: '8000000000000000002',
      inReplyToId: '1900000000000005000',
    });

    const [merged, joined] = decide([proof, reply], snap);

    expect(merged.customer).toMatchObject({ signal: 'merged', customerId: 'dana' });
    expect(joined.decision).toMatchObject({ kind: 'link', target: { caseId: thread.caseId } });
    expect(joined.decision.explanation.rule).toBe('reply-thread');
  });
});
