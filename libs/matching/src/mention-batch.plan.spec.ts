import { aMatchingSnapshot, aMention } from '@scb/testing';
import { BatchCaseMatcher } from './batch-case-matcher';
import { caseEventsFor } from './case-event.factory';
import { postKey } from './case-decision';
import {
  caseWrites,
  finalCustomerOf,
  firstOfEachPost,
  learntIdentifiers,
  newIdentities,
  splitChanges,
  type IncomingMention,
} from './mention-batch.plan';
import { RuleSet } from './rule-set';

const incoming = (overrides: Parameters<typeof aMention>[0] = {}): IncomingMention => ({
  mention: aMention(overrides),
  publishedAt: new Date('2026-01-01T00:00:00.000Z'),
});

describe('mention batch plan', () => {
  let ids = 0;
  const newId = () => `00000000-0000-4000-8000-${String(++ids).padStart(12, '0')}`;
  beforeEach(() => (ids = 0));

  it('treats an edit of a stored post as a change, and the first change of an unseen post as the post', () => {
    const stored = incoming({ lifecycle: 'edited' });
    const unseen = incoming({ lifecycle: 'removed' });
    const again = { ...unseen, mention: { ...unseen.mention, lifecycle: 'edited' as const } };
    const fresh = incoming();

    const { posts, changes } = splitChanges(
      [stored, unseen, again, fresh],
      new Set([postKey(stored.mention.platform, stored.mention.externalId)]),
    );

    expect(posts).toEqual([unseen, fresh]);
    expect(changes).toEqual([stored, again]);
  });

  it('keeps the first of a post delivered twice in one batch', () => {
    const first = incoming();
    expect(firstOfEachPost([first, { ...first }, incoming()])).toHaveLength(2);
  });

  it('adds one persona and identity per new author, opens one case, and emits one event per routed mention', () => {
    const [a, b] = [incoming({ authorId: 'ana' }), incoming({ authorId: 'ana' })];
    const outcomes = new BatchCaseMatcher(newId).match(
      [a.mention, b.mention],
      aMatchingSnapshot(),
      RuleSet.defaults(),
    );

    const { personas, identities } = newIdentities(outcomes);
    const { opened, joined } = caseWrites(outcomes);
    const events = caseEventsFor(outcomes, {
      interactionIds: ['i-1', 'i-2'],
      cases: new Map([
        [
          opened[0].caseId,
          { id: opened[0].caseId, caseNumber: 'CS-000042', priority: 3, category: null },
        ],
      ]),
      finalCustomer: finalCustomerOf([]),
      occurredAt: new Date('2026-05-06T07:08:09.000Z'),
      newId,
    });

    expect(personas).toHaveLength(1);
    expect(identities).toEqual([
      expect.objectContaining({ externalUserId: 'ana', link: 'observed' }),
    ]);
    expect(opened).toHaveLength(1);
    // The second post joins the case the first opened: it is touched like any joined case.
    expect(joined).toEqual([opened[0].caseId]);
    expect(events.map((e) => [e.type, e.caseNumber, e.interactionId, e.occurredAt])).toEqual([
      ['caseOpened', 'CS-000042', 'i-1', '2026-05-06T07:08:09.000Z'],
      ['mentionLinked', 'CS-000042', 'i-2', '2026-05-06T07:08:09.000Z'],
    ]);
  });

  it('refuses to build an event for a case the batch did not store', () => {
    const outcomes = new BatchCaseMatcher(newId).match(
      [aMention()],
      aMatchingSnapshot(),
      RuleSet.defaults(),
    );
    expect(() =>
      caseEventsFor(outcomes, {
        interactionIds: ['i-1'],
        cases: new Map(),
        finalCustomer: (id) => id,
        occurredAt: new Date(),
        newId,
      }),
    ).toThrow(/vanished/);
  });

  it('follows chained merges to the last customer', () => {
    const final = finalCustomerOf([
      {
        fromCustomerId: 'p1',
        intoCustomerId: 'p2',
        evidence: { kind: 'email', value: 'e', note: '' },
      },
      {
        fromCustomerId: 'p2',
        intoCustomerId: 'c',
        evidence: { kind: 'email', value: 'e', note: '' },
      },
    ]);
    expect([final('p1'), final('p2'), final('x')]).toEqual(['c', 'c', 'x']);
  });

  it("learns the phone numbers and emails an author typed that are on file nowhere, as that author's claims", () => {
    const outcomes = new BatchCaseMatcher(newId).match(
      [
        aMention({ authorId: '101', externalId: '9001', text: 'my number is (312) 532-2341' }),
        aMention({
          authorId: '102',
          externalId: '9002',
          text: 'call 312-532-2341 or bo@Example.com',
        }),
        aMention({ authorId: '103', externalId: '9003', text: 'mine is +1 415 555 2671' }),
      ],
      aMatchingSnapshot({ customerByIdentifier: new Map([['phone:+14155552671', 'known']]) }),
      RuleSet.defaults(),
    );
    const learnt = learntIdentifiers(outcomes, new Map([['phone:+14155552671', 'known']]));
    expect(learnt.map((l) => [l.kind, l.value, l.customerId])).toEqual([
      ['phone', '+13125322341', outcomes[0].customer.customerId],
      ['email', 'bo@example.com', outcomes[1].customer.customerId],
    ]);
    expect(learnt[0].evidence).toEqual({
      kind: 'phone',
      value: '+13125322341',
      platform: 'x',
      externalId: '9001',
    });
  });
});
