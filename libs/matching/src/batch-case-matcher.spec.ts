import { mentionKey } from '@scb/contracts';
import { aCase, aMatchingSnapshot, aMention } from '@scb/testing';
import { BatchCaseMatcher } from './batch-case-matcher';
import { RuleSet } from './rule-set';

const rules = (definition: unknown = {}) => RuleSet.parse(definition, 4);
const HOUR = 3_600_000;

describe('BatchCaseMatcher', () => {
  let ids = 0;
  const matcher = new BatchCaseMatcher(() => `id-${++ids}`);
  beforeEach(() => (ids = 0));

  it("opens a case for a new persona, then joins it with the author's next post", () => {
    const first = aMention({ authorId: 'a1' });
    const second = aMention({ authorId: 'a1' });

    const [a, b] = matcher.match([first, second], aMatchingSnapshot(), rules());

    expect(a.customer).toEqual({ customerId: 'id-1', signal: 'new-persona', evidence: null });
    expect(a.decision).toMatchObject({
      kind: 'open',
      target: { caseId: 'id-2', customerId: 'id-1' },
    });
    expect(b.customer.customerId).toBe('id-1');
    expect(b.decision).toMatchObject({ kind: 'link', target: { caseId: 'id-2' }, reopen: false });
    expect(b.decision.explanation.rule).toBe('open-case');
  });

  it("links a known customer's post to their open case and says why", () => {
    const mention = aMention();
    const open = aCase('c2');
    const snap = aMatchingSnapshot({
      customerByAuthor: new Map([[mentionKey(mention), 'c2']]),
      casesByCustomer: new Map([['c2', [open]]]),
    });

    const [outcome] = matcher.match([mention], snap, rules());

    expect(outcome.decision).toMatchObject({ kind: 'link', target: { caseId: open.caseId } });
    expect(outcome.decision.explanation).toMatchObject({
      rule: 'open-case',
      ruleSetVersion: 4,
      identity: { signal: 'known-identity', customerId: 'c2' },
      candidates: [expect.objectContaining({ caseId: open.caseId, chosen: true })],
    });
    expect(outcome.decision.explanation.summary).toContain(open.caseNumber);
  });

  it('1. the reply thread beats a case number and the open case, and the losers are recorded', () => {
    const thread = aCase('c3');
    const named = aCase('c3');
    const recent = aCase('c3');
    const reply = aMention({ inReplyToId: '9001', text: `about ${named.caseNumber}` });
    const snap = aMatchingSnapshot({
      customerByAuthor: new Map([[mentionKey(reply), 'c3']]),
      casesByCustomer: new Map([['c3', [recent]]]),
      caseByPost: new Map([['x:9001', thread]]),
      caseByNumber: new Map([[named.caseNumber!, named]]),
    });

    const [outcome] = matcher.match([reply], snap, rules());

    expect(outcome.decision.target?.caseId).toBe(thread.caseId);
    expect(outcome.decision.explanation.rule).toBe('reply-thread');
    expect(outcome.decision.explanation.candidates).toEqual([
      expect.objectContaining({ caseId: thread.caseId, chosen: true }),
      expect.objectContaining({
        caseId: named.caseId,
        chosen: false,
        reason: expect.stringContaining('outranked'),
      }),
      expect.objectContaining({ caseId: recent.caseId, chosen: false }),
    ]);
  });

  it('1. a post in a conversation already on a case joins that case', () => {
    const conversationCase = aCase('c9');
    const mention = aMention({ conversationId: '9002' });
    const snap = aMatchingSnapshot({
      customerByAuthor: new Map([[mentionKey(mention), 'c9']]),
      caseByConversation: new Map([['x:9002', conversationCase]]),
    });

    const [outcome] = matcher.match([mention], snap, rules());

    expect(outcome.decision).toMatchObject({
      kind: 'link',
      target: { caseId: conversationCase.caseId },
    });
    expect(outcome.decision.explanation.rule).toBe('conversation');
  });

  it("1. another author in a conversation or thread on a case gets their own case; the thread's case is context", () => {
    const threadCase = aCase('c9');
    const snap = () =>
      aMatchingSnapshot({
        caseByConversation: new Map([['x:9300', threadCase]]),
        caseByPost: new Map([['x:9300', threadCase]]),
        casesByCustomer: new Map([['c9', [threadCase]]]),
      });
    for (const mention of [
      aMention({ authorId: 'third', conversationId: '9300' }),
      aMention({ authorId: 'third', conversationId: '9300', inReplyToId: '9300' }),
    ]) {
      const [outcome] = matcher.match([mention], snap(), rules());
      expect(outcome.decision.kind).toBe('open');
      expect(outcome.decision.target?.customerId).not.toBe('c9');
      expect(outcome.decision.explanation.candidates).toContainEqual(
        expect.objectContaining({
          caseId: threadCase.caseId,
          chosen: false,
          reason: expect.stringContaining("another customer's"),
        }),
      );
    }
  });

  it('1. threads a reply to a post made earlier in the same batch, and a later post in its conversation', () => {
    const first = aMention({ authorId: 'a4', externalId: '9101', conversationId: '9101' });
    const reply = aMention({ authorId: 'a4', inReplyToId: '9101', conversationId: '9101' });
    const later = aMention({ authorId: 'a4', conversationId: '9101' });
    // Another author in the same thread, in the same batch: never on a4's case, in any order.
    const other = aMention({ authorId: 'a6', inReplyToId: '9101', conversationId: '9101' });

    const [opened, threaded, joined, apart] = matcher.match(
      [first, reply, later, other],
      aMatchingSnapshot(),
      rules(),
    );
    const [otherFirst, firstAfter] = matcher.match([other, first], aMatchingSnapshot(), rules());
    expect(apart.decision.kind).toBe('open');
    expect(otherFirst.decision.kind).toBe('open');
    expect(firstAfter.decision.kind).toBe('open');
    expect(firstAfter.decision.target?.caseId).not.toBe(otherFirst.decision.target?.caseId);

    expect(threaded.decision).toMatchObject({
      kind: 'link',
      target: { caseId: opened.decision.target?.caseId },
    });
    expect(joined.decision).toMatchObject({
      kind: 'link',
      target: { caseId: opened.decision.target?.caseId },
    });
  });

  it('2. a case number of this customer beats their most recent open case', () => {
    const named = aCase('c1');
    const recent = aCase('c1');
    const mention = aMention({ text: `still broken, see ${named.caseNumber!.toLowerCase()}` });
    const snap = aMatchingSnapshot({
      customerByAuthor: new Map([[mentionKey(mention), 'c1']]),
      casesByCustomer: new Map([['c1', [recent, named]]]),
      caseByNumber: new Map([[named.caseNumber!, named]]),
    });

    const [outcome] = matcher.match([mention], snap, rules());

    expect(outcome.decision).toMatchObject({ kind: 'link', target: { caseId: named.caseId } });
    expect(outcome.decision.explanation.rule).toBe('case-number');
    expect(outcome.decision.explanation.identifiers.caseNumbers).toEqual([named.caseNumber]);
  });

  it('2. a case number from an unknown author links to that case and infers the identity', () => {
    const named = aCase('c7');
    const mention = aMention({ text: `my case ${named.caseNumber}` });
    const snap = aMatchingSnapshot({ caseByNumber: new Map([[named.caseNumber!, named]]) });

    const [outcome] = matcher.match([mention], snap, rules());

    expect(outcome.customer).toEqual({
      customerId: 'c7',
      signal: 'inferred',
      evidence: { kind: 'case-number', value: named.caseNumber },
    });
    expect(outcome.decision).toMatchObject({ kind: 'link', target: { caseId: named.caseId } });
  });

  it("2. another customer's case number is refused; the author's own open case wins", () => {
    const foreign = aCase('someone-else');
    const own = aCase('c1');
    const mention = aMention({ text: `is ${foreign.caseNumber} mine?` });
    const snap = aMatchingSnapshot({
      customerByAuthor: new Map([[mentionKey(mention), 'c1']]),
      casesByCustomer: new Map([['c1', [own]]]),
      caseByNumber: new Map([[foreign.caseNumber!, foreign]]),
    });

    const [outcome] = matcher.match([mention], snap, rules());

    expect(outcome.decision.target?.caseId).toBe(own.caseId);
    expect(outcome.decision.explanation.candidates).toEqual([
      expect.objectContaining({
        caseId: foreign.caseId,
        chosen: false,
        reason: expect.stringContaining('another customer'),
      }),
      expect.objectContaining({ caseId: own.caseId, chosen: true }),
    ]);
  });

  it('5. an email on file ties an unknown author to the customer, who joins their open case', () => {
    const open = aCase('c8');
    const mention = aMention({ text: 'I am jane@example.com, still no refund' });
    const snap = aMatchingSnapshot({
      customerByIdentifier: new Map([['email:jane@example.com', 'c8']]),
      casesByCustomer: new Map([['c8', [open]]]),
      tierByCustomer: new Map([['c8', 'gold']]),
    });
    const set = rules({
      rules: [
        { id: 'vip', when: { type: 'customerTier', values: ['gold'] }, then: { tags: ['vip'] } },
      ],
    });

    const [outcome] = matcher.match([mention], snap, set);

    expect(outcome.customer).toEqual({
      customerId: 'c8',
      signal: 'inferred',
      evidence: { kind: 'email', value: 'jane@example.com' },
    });
    expect(outcome.decision.target?.caseId).toBe(open.caseId);
    expect(outcome.decision.explanation).toMatchObject({ rulesFired: ['vip'], tags: ['vip'] });
  });

  describe('3. resolved cases and the reopen window', () => {
    const resolvedHoursAgo = (hours: number) =>
      aCase('c1', {
        status: 'resolved',
        resolvedAt: new Date(Date.parse('2026-01-10T12:00:00Z') - hours * HOUR).toISOString(),
      });
    const decideWith = (resolved: ReturnType<typeof aCase>, definition: unknown = {}) => {
      const mention = aMention({
        text: 'it broke again, thanks',
        createdAt: '2026-01-10T12:00:00Z',
      });
      const snap = aMatchingSnapshot({
        customerByAuthor: new Map([[mentionKey(mention), 'c1']]),
        casesByCustomer: new Map([['c1', [resolved]]]),
      });
      return matcher.match([mention], snap, rules(definition))[0].decision;
    };

    it('reopens a case resolved inside the window', () => {
      const resolved = resolvedHoursAgo(10);
      expect(decideWith(resolved)).toMatchObject({
        kind: 'link',
        reopen: true,
        target: { caseId: resolved.caseId },
      });
    });

    it('opens a new case when the resolution is older than the window', () => {
      const decision = decideWith(resolvedHoursAgo(100), { policy: { reopenWindowHours: 48 } });
      expect(decision.kind).toBe('open');
      expect(decision.explanation.candidates[0].reason).toContain('outside the 48 h reopen window');
    });

    it('opens a new case when a rule says do not reopen', () => {
      const decision = decideWith(resolvedHoursAgo(1), {
        rules: [
          {
            id: 'no-reopen',
            when: { type: 'textContainsAny', values: ['thanks'] },
            then: { doNotReopen: true },
          },
        ],
      });
      expect(decision.kind).toBe('open');
    });
  });

  it('3. with same-category-only, an open case of another category does not take the mention', () => {
    const open = aCase('c1', { category: 'playback' });
    const mention = aMention({ text: 'refund my subscription' });
    const snap = aMatchingSnapshot({
      customerByAuthor: new Map([[mentionKey(mention), 'c1']]),
      casesByCustomer: new Map([['c1', [open]]]),
    });
    const set = rules({
      policy: { sameCategoryOnly: true },
      rules: [
        {
          id: 'billing',
          when: { type: 'textContainsAny', values: ['refund'] },
          then: { category: 'billing', priority: 2 },
        },
      ],
    });

    const [outcome] = matcher.match([mention], snap, set);

    expect(outcome.decision).toMatchObject({ kind: 'open', category: 'billing', priority: 2 });
  });

  it('4. "always open a new case" skips every existing case; category and priority come from the rules', () => {
    const open = aCase('c1');
    const mention = aMention({ text: 'my lawyer will call', inReplyToId: '9100' });
    const snap = aMatchingSnapshot({
      customerByAuthor: new Map([[mentionKey(mention), 'c1']]),
      casesByCustomer: new Map([['c1', [open]]]),
      caseByPost: new Map([['x:9100', open]]),
    });
    const set = rules({
      rules: [
        {
          id: 'legal',
          when: { type: 'textContainsAny', values: ['lawyer'] },
          then: { alwaysNewCase: true, category: 'legal', priority: 1 },
        },
      ],
    });

    const [outcome] = matcher.match([mention], snap, set);

    expect(outcome.decision).toMatchObject({ kind: 'open', category: 'legal', priority: 1 });
    expect(outcome.decision.explanation.summary).toContain('legal');
  });

  it('an ignored mention is on no case and does not become the author’s case', () => {
    const spam = aMention({ authorId: 'a9', text: 'win free crypto' });
    const real = aMention({ authorId: 'a9', text: 'my app crashes' });
    const set = rules({
      rules: [
        {
          id: 'spam',
          when: { type: 'textContainsAny', values: ['crypto'] },
          then: { ignore: true },
        },
      ],
    });

    const [ignored, opened] = matcher.match([spam, real], aMatchingSnapshot(), set);

    expect(ignored.decision).toMatchObject({
      kind: 'ignore',
      target: null,
      explanation: { rule: 'ignored', rulesFired: ['spam'] },
    });
    expect(opened.decision.kind).toBe('open');
  });

  it('scores sentiment once per mention for the rules and the explanation', () => {
    const scored = new BatchCaseMatcher(
      () => `s-${++ids}`,
      (text) => (text.includes('awful') ? -4 : 0),
    );
    const set = rules({
      rules: [{ id: 'angry', when: { type: 'sentiment', max: -3 }, then: { priority: 1 } }],
    });

    const [angry, calm] = scored.match(
      [aMention({ text: 'awful' }), aMention({ text: 'ok' })],
      aMatchingSnapshot(),
      set,
    );

    expect(angry.decision).toMatchObject({
      kind: 'open',
      priority: 1,
      explanation: { sentiment: -4 },
    });
    expect(calm.decision).toMatchObject({
      kind: 'open',
      priority: 3,
      explanation: { sentiment: 0 },
    });
  });

  it('detects the language only when a rule needs it and the source did not give it', () => {
    const texts: string[] = [];
    const detecting = new BatchCaseMatcher(
      () => `l-${++ids}`,
      () => null,
      (text) => {
        texts.push(text);
        return 'es';
      },
    );
    const spanish = rules({
      rules: [
        { id: 'es', when: { type: 'language', values: ['es'] }, then: { category: 'spanish' } },
      ],
    });
    const given = aMention({ lang: 'en', text: 'given' });
    const unknown = aMention({ lang: null, text: 'hola' });

    const [a, b] = detecting.match([given, unknown], aMatchingSnapshot(), spanish);
    detecting.match([aMention({ lang: null, text: 'no rule' })], aMatchingSnapshot(), rules());

    expect(texts).toEqual(['hola']);
    expect(a.decision).toMatchObject({ category: null, explanation: { language: 'en' } });
    expect(b.decision).toMatchObject({ category: 'spanish', explanation: { language: 'es' } });
  });

  it('asks the repository for the case numbers and identifiers of the whole batch', () => {
    const decider = matcher.forBatch(rules({ identifiers: { accountNumber: 'AC-\\d{4}' } }));
    const lookups = decider.lookups([
      aMention({ text: 'CS-000001 and a@b.io' }),
      aMention({ text: 'ac-1234, call +1 415 555 2671, CS-000001' }),
    ]);
    expect(lookups).toEqual({
      caseNumbers: ['CS-000001'],
      identifiers: [
        { kind: 'email', value: 'a@b.io' },
        { kind: 'phone', value: '+14155552671' },
        { kind: 'account', value: 'AC-1234' },
      ],
    });
  });

  describe('persona merge: an identifier proves a persona is an existing customer', () => {
    it("merges the author's persona into the email's owner; the conversation stays on its case", () => {
      const personaCase = aCase('persona-1');
      const customerCase = aCase('crm-1');
      const mention = aMention({ text: 'my email is lee@example.com, please look' });
      const snap = aMatchingSnapshot({
        customerByAuthor: new Map([[mentionKey(mention), 'persona-1']]),
        customerByIdentifier: new Map([['email:lee@example.com', 'crm-1']]),
        casesByCustomer: new Map([
          ['persona-1', [personaCase]],
          ['crm-1', [customerCase]],
        ]),
        personas: new Set(['persona-1']),
      });

      const [outcome] = matcher.match([mention], snap, rules());

      const merge = {
        fromCustomerId: 'persona-1',
        intoCustomerId: 'crm-1',
        evidence: { kind: 'email', value: 'lee@example.com' },
      };
      expect(outcome.customer).toEqual({
        customerId: 'crm-1',
        signal: 'merged',
        evidence: merge.evidence,
        merge,
      });
      expect(outcome.decision).toMatchObject({
        kind: 'link',
        target: { caseId: personaCase.caseId, customerId: 'crm-1' },
      });
      expect(outcome.decision.explanation.summary).toContain(
        'persona persona-1 merged into customer crm-1: email lee@example.com',
      );
      expect(outcome.decision.explanation.candidates).toEqual([
        expect.objectContaining({ caseId: personaCase.caseId, chosen: true }),
        expect.objectContaining({ caseId: customerCase.caseId, chosen: false }),
      ]);
    });

    it("a known customer naming a persona's case number takes the persona and that case", () => {
      const personaCase = aCase('persona-2');
      const own = aCase('crm-2');
      const mention = aMention({ text: `following up on ${personaCase.caseNumber}` });
      const later = aMention({ authorId: 'other-persona-author' });
      const snap = aMatchingSnapshot({
        customerByAuthor: new Map([
          [mentionKey(mention), 'crm-2'],
          [mentionKey(later), 'persona-2'],
        ]),
        caseByNumber: new Map([[personaCase.caseNumber!, personaCase]]),
        casesByCustomer: new Map([
          ['persona-2', [personaCase]],
          ['crm-2', [own]],
        ]),
        personas: new Set(['persona-2']),
      });

      const [first, second] = matcher.match([mention, later], snap, rules());

      expect(first.customer.merge).toEqual({
        fromCustomerId: 'persona-2',
        intoCustomerId: 'crm-2',
        evidence: { kind: 'case-number', value: personaCase.caseNumber },
      });
      expect(first.decision.explanation.rule).toBe('case-number');
      expect(first.decision.target).toMatchObject({
        caseId: personaCase.caseId,
        customerId: 'crm-2',
      });
      // The persona's other identity, later in the batch, now resolves to the customer too.
      expect(second.decision.target?.customerId).toBe('crm-2');
    });

    it('merges a persona made earlier in the same batch once its author gives an account number', () => {
      const open = aCase('crm-3');
      const first = aMention({ authorId: 'newcomer', text: 'app keeps crashing' });
      const second = aMention({ authorId: 'newcomer', text: 'account AC-7777 if it helps' });
      const snap = aMatchingSnapshot({
        customerByIdentifier: new Map([['account:AC-7777', 'crm-3']]),
        casesByCustomer: new Map([['crm-3', [open]]]),
      });
      const set = rules({ identifiers: { accountNumber: 'AC-\\d{4}' } });

      const [a, b] = matcher.match([first, second], snap, set);

      expect(a.customer.signal).toBe('new-persona');
      expect(b.customer).toMatchObject({
        customerId: 'crm-3',
        signal: 'merged',
        merge: { fromCustomerId: a.customer.customerId, intoCustomerId: 'crm-3' },
      });
      // The case the persona opened a moment ago is the author's conversation: it is kept.
      expect(b.decision.target).toMatchObject({
        caseId: a.decision.target?.caseId,
        customerId: 'crm-3',
      });
    });

    it('never merges two customers of record', () => {
      const mention = aMention({ text: 'reach me at lee@example.com' });
      const snap = aMatchingSnapshot({
        customerByAuthor: new Map([[mentionKey(mention), 'crm-4']]),
        customerByIdentifier: new Map([['email:lee@example.com', 'crm-5']]),
      });

      const [outcome] = matcher.match([mention], snap, rules());

      expect(outcome.customer).toEqual({
        customerId: 'crm-4',
        signal: 'known-identity',
        evidence: null,
      });
    });
  });

  describe("the brand's own replies (direction outbound)", () => {
    it('join the case of the post they answer, and a customer answering them threads there too', () => {
      const open = aCase('c1');
      const customerPost = aMention({ authorId: 'u1', externalId: '9101' });
      const brandReply = aMention({
        authorId: 'brand',
        direction: 'outbound',
        externalId: '9201',
        inReplyToId: '9101',
        text: 'Sorry to hear that, DM us',
      });
      const answer = aMention({ authorId: 'u1', externalId: '9102', inReplyToId: '9201' });
      const snap = aMatchingSnapshot({
        customerByAuthor: new Map([[mentionKey(customerPost), 'c1']]),
        casesByCustomer: new Map([['c1', [open]]]),
      });

      const [, reply, next] = matcher.match([customerPost, brandReply, answer], snap, rules());

      expect(reply.customer).toEqual({ customerId: 'c1', signal: 'brand', evidence: null });
      expect(reply.decision).toMatchObject({
        kind: 'record',
        target: { caseId: open.caseId, customerId: 'c1' },
        explanation: { rule: 'brand-reply', rulesFired: [] },
      });
      expect(next.decision).toMatchObject({
        kind: 'link',
        target: { caseId: open.caseId },
        explanation: { rule: 'reply-thread' },
      });
    });

    it('are left out when they answer nothing on a case: no persona, no case', () => {
      const orphan = aMention({ authorId: 'brand', direction: 'outbound', inReplyToId: '9999' });
      expect(matcher.match([orphan], aMatchingSnapshot(), rules())).toEqual([]);
    });
  });
});
