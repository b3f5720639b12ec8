import { mentionKey } from '@scb/contracts';
import { aCase, aMatchingSnapshot, aMention } from '@scb/testing';
import { BatchCaseMatcher } from './batch-case-matcher';
import { RuleSet } from './rule-set';

const rules = (definition: unknown = {}) => RuleSet.parse(definition, 4);
const DAY = 86_400_000;
const NOW = '2026-03-10T12:00:00Z';
const daysAgo = (days: number) => new Date(Date.parse(NOW) - days * DAY).toISOString();

describe('BatchCaseMatcher follow-ups (issue 12, point 6)', () => {
  let ids = 0;
  const matcher = new BatchCaseMatcher(() => `id-${++ids}`);
  beforeEach(() => (ids = 0));

  it('a post naming a resolved case outside the reopen window opens a follow-up of it', () => {
    const earlier = aCase('c1', { status: 'resolved', resolvedAt: daysAgo(31) });
    // An X account nobody knows: the case number ties it to the customer.
    const mention = aMention({
      text: `you promised to waive the fee on ${earlier.caseNumber}`,
      createdAt: NOW,
    });
    const snap = aMatchingSnapshot({
      caseByNumber: new Map([[earlier.caseNumber!, earlier]]),
      casesByCustomer: new Map([['c1', [earlier]]]),
    });

    const [outcome] = matcher.match([mention], snap, rules());

    expect(outcome.customer).toMatchObject({ customerId: 'c1', signal: 'inferred' });
    expect(outcome.decision).toMatchObject({
      kind: 'open',
      target: { customerId: 'c1' },
      follows: { caseId: earlier.caseId, caseNumber: earlier.caseNumber },
    });
    expect(outcome.decision.explanation.rule).toBe('follow-up');
    expect(outcome.decision.explanation.summary).toContain(
      `opened a follow-up of case ${earlier.caseNumber}`,
    );
    expect(outcome.decision.explanation.candidates).toEqual([
      expect.objectContaining({
        caseId: earlier.caseId,
        chosen: false,
        reason: expect.stringContaining('outside the 72 h reopen window'),
      }),
    ]);
  });

  it('a case number named inside the reopen window still reopens the case (no follow-up)', () => {
    const earlier = aCase('c1', { status: 'resolved', resolvedAt: daysAgo(1) });
    const mention = aMention({ text: `about ${earlier.caseNumber}`, createdAt: NOW });
    const snap = aMatchingSnapshot({
      caseByNumber: new Map([[earlier.caseNumber!, earlier]]),
      casesByCustomer: new Map([['c1', [earlier]]]),
    });
    const [outcome] = matcher.match([mention], snap, rules());
    expect(outcome.decision).toMatchObject({ kind: 'link', reopen: true });
    expect(outcome.decision.explanation.rule).toBe('case-number');
  });

  it("a known customer's new case follows their case resolved within the follow-up window", () => {
    const earlier = aCase('c2', { status: 'resolved', resolvedAt: daysAgo(30) });
    const mention = aMention({ text: 'the fee is on my bill again', createdAt: NOW });
    const snap = aMatchingSnapshot({
      customerByAuthor: new Map([[mentionKey(mention), 'c2']]),
      casesByCustomer: new Map([['c2', [earlier]]]),
    });

    const [outcome] = matcher.match([mention], snap, rules());

    expect(outcome.decision).toMatchObject({
      kind: 'open',
      follows: { caseId: earlier.caseId },
    });
    expect(outcome.decision.explanation).toMatchObject({
      rule: 'follow-up',
      summary: expect.stringContaining('within the 90-day follow-up window'),
    });
  });

  it('a phone number on file makes the author known: a follow-up too', () => {
    const earlier = aCase('c3', { status: 'resolved', resolvedAt: daysAgo(20) });
    const mention = aMention({ text: 'my number is +14155552671, fee again', createdAt: NOW });
    const snap = aMatchingSnapshot({
      customerByIdentifier: new Map([['phone:+14155552671', 'c3']]),
      casesByCustomer: new Map([['c3', [earlier]]]),
    });
    const [outcome] = matcher.match([mention], snap, rules());
    expect(outcome.customer).toMatchObject({ customerId: 'c3', signal: 'inferred' });
    expect(outcome.decision).toMatchObject({ kind: 'open', follows: { caseId: earlier.caseId } });
  });

  it('outside the follow-up window (policy followUpWindowDays) a plain new case opens', () => {
    const earlier = aCase('c4', { status: 'resolved', resolvedAt: daysAgo(40) });
    const mention = aMention({ text: 'hello again', createdAt: NOW });
    const snap = aMatchingSnapshot({
      customerByAuthor: new Map([[mentionKey(mention), 'c4']]),
      casesByCustomer: new Map([['c4', [earlier]]]),
    });
    const [outcome] = matcher.match([mention], snap, rules({ policy: { followUpWindowDays: 30 } }));
    expect(outcome.decision.kind).toBe('open');
    expect(outcome.decision).not.toHaveProperty('follows');
    expect(outcome.decision.explanation.rule).toBe('new-case');
  });

  it('a new persona never gets a follow-up of somebody else’s case', () => {
    const mention = aMention({ text: 'first time here', createdAt: NOW });
    const [outcome] = matcher.match([mention], aMatchingSnapshot(), rules());
    expect(outcome.decision.explanation.rule).toBe('new-case');
  });

  it('the policy field is validated: a negative or fractional window is refused', () => {
    expect(() => rules({ policy: { followUpWindowDays: -1 } })).toThrow();
    expect(() => rules({ policy: { followUpWindowDays: 1.5 } })).toThrow();
    expect(rules().policy.followUpWindowDays).toBe(90);
  });
});
