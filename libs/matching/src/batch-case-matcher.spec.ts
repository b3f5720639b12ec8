import { mentionKey } from '@scb/contracts';
import { aMention } from '@scb/testing';
import { BatchCaseMatcher } from './batch-case-matcher';
import type { CaseRef, MatchingSnapshot } from './case-decision';

function snapshot(partial: Partial<MatchingSnapshot> = {}): MatchingSnapshot {
  return {
    customerByAuthor: new Map(),
    openCaseByCustomer: new Map(),
    caseByPost: new Map(),
    ...partial,
  };
}

describe('BatchCaseMatcher', () => {
  let ids = 0;
  const matcher = new BatchCaseMatcher(() => `new-case-${++ids}`);
  beforeEach(() => (ids = 0));

  it("opens a case for a new persona, then joins it with the author's next post", () => {
    const first = aMention({ authorId: 'a1' });
    const second = aMention({ authorId: 'a1' });
    const snap = snapshot({
      customerByAuthor: new Map([[mentionKey(first), { customerId: 'c1', isNew: true }]]),
    });

    const [a, b] = matcher.match([first, second], snap);

    expect(a.decision.kind).toBe('open');
    expect(a.decision.explanation.identity.signal).toBe('new-persona');
    expect(b.decision).toMatchObject({ kind: 'link', target: { caseId: 'new-case-1' } });
    expect(b.decision.explanation.rule).toBe('open-case');
  });

  it("links a known customer's post to their open case and says why", () => {
    const mention = aMention({ authorId: 'a2' });
    const open: CaseRef = { caseId: 'case-9', caseNumber: 'CS-000009', customerId: 'c2' };
    const snap = snapshot({
      customerByAuthor: new Map([[mentionKey(mention), { customerId: 'c2', isNew: false }]]),
      openCaseByCustomer: new Map([['c2', open]]),
    });

    const [outcome] = matcher.match([mention], snap);

    expect(outcome.decision).toMatchObject({ kind: 'link', target: open });
    expect(outcome.decision.explanation.summary).toContain('CS-000009');
    expect(outcome.decision.explanation.candidates).toEqual([
      expect.objectContaining({ caseId: 'case-9', chosen: true }),
    ]);
  });

  it('prefers the reply thread over the open case and records the loser', () => {
    const reply = aMention({ authorId: 'a3', inReplyToId: 'post-1' });
    const thread: CaseRef = { caseId: 'case-thread', caseNumber: 'CS-000001', customerId: 'c3' };
    const recent: CaseRef = { caseId: 'case-recent', caseNumber: 'CS-000002', customerId: 'c3' };
    const snap = snapshot({
      customerByAuthor: new Map([[mentionKey(reply), { customerId: 'c3', isNew: false }]]),
      openCaseByCustomer: new Map([['c3', recent]]),
      caseByPost: new Map([['x:post-1', thread]]),
    });

    const [outcome] = matcher.match([reply], snap);

    expect(outcome.decision.target.caseId).toBe('case-thread');
    expect(outcome.decision.explanation.rule).toBe('reply-thread');
    expect(outcome.decision.explanation.candidates).toEqual([
      expect.objectContaining({ caseId: 'case-thread', chosen: true }),
      expect.objectContaining({ caseId: 'case-recent', chosen: false }),
    ]);
  });

  it('threads a reply to a post made earlier in the same batch', () => {
    const first = aMention({ authorId: 'a4', externalId: 'p1' });
    const other = aMention({ authorId: 'a5', inReplyToId: 'p1' });
    const snap = snapshot({
      customerByAuthor: new Map([
        [mentionKey(first), { customerId: 'c4', isNew: true }],
        [mentionKey(other), { customerId: 'c5', isNew: true }],
      ]),
    });

    const [, outcome] = matcher.match([first, other], snap);

    expect(outcome.decision).toMatchObject({ kind: 'link', target: { caseId: 'new-case-1' } });
  });

  it('refuses to decide for an author the repository did not resolve', () => {
    expect(() => matcher.match([aMention()], snapshot())).toThrow(/no customer resolved/);
  });
});
