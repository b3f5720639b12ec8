import { BatchCaseMatcher, RuleSet, type BatchDecider } from '@scb/matching';
import type { Rejected } from '@scb/messaging';
import type { MergeEvidence } from '@scb/persistence';
import {
  aMention,
  InMemoryMentionCases,
  InMemoryUnitOfWork,
  ManualClock,
  RecordingDeadLetterPublisher,
} from '@scb/testing';
import type { MentionToRecord } from './record-mention-batch.command';
import { RecordMentionBatch } from './record-mention-batch.usecase';

/** Postgres' "invalid text representation": the data's fault, so the batch is isolated. */
const dataError = (message: string) => Object.assign(new Error(message), { code: '22P02' });
const connectionLost = () => new Error('Connection terminated unexpectedly');

const contractViolation = (offset: string): Rejected => ({
  reason: 'contract violation: text: Required',
  key: 'x:someone',
  payload: '{"platform":"x"}',
  partition: 2,
  offset,
});

describe('RecordMentionBatch', () => {
  let ids: number;
  let uow: InMemoryUnitOfWork;
  let mentionCases: InMemoryMentionCases;
  let deadLetters: RecordingDeadLetterPublisher;
  let clock: ManualClock;
  let kicks: number;
  let merges: Array<{ fromId: string; intoId: string; evidence: MergeEvidence }>;
  let decide: (decider: BatchDecider) => BatchDecider;
  let useCase: RecordMentionBatch;

  const newId = () => `00000000-0000-4000-8000-${String(++ids).padStart(12, '0')}`;
  const item = (overrides: Parameters<typeof aMention>[0] = {}, offset = '0'): MentionToRecord => {
    const mention = aMention(overrides);
    return {
      mention,
      publishedAt: new Date('2026-01-01T00:00:00.000Z'),
      traceparent: `00-${'a'.repeat(32)}-${'b'.repeat(16)}-01`,
      origin: {
        key: `x:${mention.authorId}`,
        payload: JSON.stringify(mention),
        partition: 2,
        offset,
      },
    };
  };

  beforeEach(() => {
    ids = 0;
    kicks = 0;
    merges = [];
    uow = new InMemoryUnitOfWork();
    mentionCases = new InMemoryMentionCases();
    deadLetters = new RecordingDeadLetterPublisher();
    clock = new ManualClock('2026-03-04T05:06:07.000Z');
    decide = (decider) => decider;
    const matcher = new BatchCaseMatcher(newId);
    useCase = new RecordMentionBatch({
      uow,
      mentionCases,
      merges: {
        merge: async (fromId, intoId, evidence) => {
          merges.push({ fromId, intoId, evidence });
          return { identities: 1, identifiers: 0, cases: 0, interactions: 0 };
        },
      },
      matcher: { forBatch: (ruleSet) => decide(matcher.forBatch(ruleSet)) },
      rules: { current: () => RuleSet.defaults() },
      deadLetters,
      relay: { kick: () => (kicks += 1) },
      clock,
      newId,
    });
  });

  it("opens one case for a new author, joins the author's next post to it, and emits the case events", async () => {
    const first = item({ authorId: 'ana' });
    const second = item({ authorId: 'ana' });

    const result = await useCase.execute({ mentions: [first, second] });

    expect(result).toMatchObject({ stored: 2, duplicates: 0, casesOpened: 1, deadLettered: 0 });
    expect(result.decisions).toEqual([
      { rule: 'new-case', outcome: 'new_case' },
      { rule: 'open-case', outcome: 'joined' },
    ]);
    expect(uow.committed).toBe(1);
    expect(mentionCases.locks).toHaveLength(1);
    expect(mentionCases.personas).toHaveLength(1);
    expect(mentionCases.interactions.map((i) => i.external_id)).toEqual([
      first.mention.externalId,
      second.mention.externalId,
    ]);
    const events = mentionCases.outbox.map((o) => o.event);
    expect(events.map((e) => e.type)).toEqual(['caseOpened', 'mentionLinked']);
    expect(events[0]).toMatchObject({
      caseNumber: 'CS-000001',
      occurredAt: '2026-03-04T05:06:07.000Z',
      interactionId: mentionCases.interactions[0].id,
      customerId: mentionCases.personas[0].customerId,
    });
    expect(events[1].caseId).toBe(events[0].caseId);
    expect(mentionCases.outbox[0].traceparent).toBe(first.traceparent);
    expect(kicks).toBe(1);
  });

  it('changes nothing and emits nothing when the same batch is delivered again', async () => {
    const batch = [item(), item(), item()];
    await useCase.execute({ mentions: batch });
    const outbox = mentionCases.outbox.length;

    const again = await useCase.execute({ mentions: batch });

    expect(again).toMatchObject({ stored: 0, duplicates: 3, casesOpened: 0 });
    expect(mentionCases.interactions).toHaveLength(3);
    expect(mentionCases.outbox).toHaveLength(outbox);
    expect(kicks).toBe(1);
  });

  it('dead-letters contract violations only once the batch has committed', async () => {
    let lettersDuringUnit = -1;
    const inner = decide;
    decide = (decider) => {
      const bound = inner(decider);
      return {
        lookups: (m) => bound.lookups(m),
        decide: (m, s) => {
          lettersDuringUnit = deadLetters.letters.length;
          return bound.decide(m, s);
        },
      };
    };

    const result = await useCase.execute({
      mentions: [item()],
      rejected: [contractViolation('7')],
    });

    expect(lettersDuringUnit).toBe(0);
    expect(deadLetters.letters).toEqual([contractViolation('7')]);
    expect(result.deadLettered).toBe(1);
  });

  it('does not dead-letter twice when a failed batch is delivered again', async () => {
    const batch = { mentions: [item(), item()], rejected: [contractViolation('3')] };
    mentionCases.failNextRead(connectionLost());

    await expect(useCase.execute(batch)).rejects.toThrow('Connection terminated');
    expect(deadLetters.letters).toHaveLength(0);
    expect(uow.rolledBack).toBe(1);

    await useCase.execute(batch);

    expect(deadLetters.letters).toEqual([contractViolation('3')]);
    expect(mentionCases.interactions).toHaveLength(2);
  });

  it('records a batch the database refuses mention by mention and dead-letters only the refused one', async () => {
    const good = [item({}, '10'), item({}, '12')];
    const refused = item({}, '11');
    mentionCases.refuse(refused.mention, dataError('invalid input syntax'));

    const result = await useCase.execute({
      mentions: [good[0], refused, good[1]],
      rejected: [contractViolation('9')],
    });

    expect(result).toMatchObject({ stored: 2, deadLettered: 2 });
    expect(mentionCases.interactions.map((i) => i.external_id)).toEqual(
      good.map((g) => g.mention.externalId),
    );
    expect(deadLetters.letters).toEqual([
      contractViolation('9'),
      {
        reason: 'matching failed: invalid input syntax',
        key: refused.origin?.key,
        payload: refused.origin?.payload,
        partition: 2,
        offset: '11',
      },
    ]);
    expect(kicks).toBe(1);
  });

  it('fails the batch, dead-lettering nothing, when the connection drops while isolating', async () => {
    const refused = item();
    const next = item();
    mentionCases.refuse(refused.mention, dataError('invalid input syntax'));
    const original = mentionCases.storedPosts.bind(mentionCases);
    let calls = 0;
    mentionCases.storedPosts = async (mentions) => {
      // The whole batch, then `refused` alone: then the connection drops for `next`.
      if (++calls === 3) throw connectionLost();
      return original(mentions);
    };

    await expect(
      useCase.execute({ mentions: [refused, next], rejected: [contractViolation('1')] }),
    ).rejects.toThrow('Connection terminated');
    expect(deadLetters.letters).toHaveLength(0);
  });

  it('dead-letters a batch with no valid mention without opening a unit of work', async () => {
    const result = await useCase.execute({ mentions: [], rejected: [contractViolation('5')] });

    expect(result).toMatchObject({ stored: 0, deadLettered: 1 });
    expect(deadLetters.letters).toEqual([contractViolation('5')]);
    expect(uow.committed).toBe(0);
  });

  it('merges a persona through the merge repository and files the events under the customer it became', async () => {
    const persona = item({ authorId: 'p' });
    await useCase.execute({ mentions: [persona] });
    const personaId = mentionCases.personas[0].customerId;
    const inner = decide;
    decide = (decider) => {
      const bound = inner(decider);
      return {
        lookups: (m) => bound.lookups(m),
        decide: (m, s) =>
          bound.decide(m, s).map((o) => ({
            ...o,
            customer: {
              customerId: 'known-customer',
              signal: 'merged' as const,
              evidence: { kind: 'email' as const, value: 'p@example.com' },
              merge: {
                fromCustomerId: personaId,
                intoCustomerId: 'known-customer',
                evidence: { kind: 'email' as const, value: 'p@example.com' },
              },
            },
          })),
      };
    };
    const proof = item({ authorId: 'p', text: 'I am p@example.com' });

    const result = await useCase.execute({ mentions: [proof] });

    expect(result.merged).toBe(1);
    expect(merges).toEqual([
      {
        fromId: personaId,
        intoId: 'known-customer',
        evidence: {
          kind: 'email',
          value: 'p@example.com',
          note: `found in x post ${proof.mention.externalId}`,
        },
      },
    ]);
    expect(mentionCases.outbox.at(-1)?.event.customerId).toBe('known-customer');
  });

  it('applies an edit to a stored post without routing it', async () => {
    const post = item({ text: 'my playlist is gone' });
    await useCase.execute({ mentions: [post] });
    const outbox = mentionCases.outbox.length;
    const edit: MentionToRecord = {
      ...post,
      mention: { ...post.mention, lifecycle: 'edited', text: 'my playlist is gone again' },
    };

    const result = await useCase.execute({ mentions: [edit] });

    expect(result).toMatchObject({ edited: 1, stored: 0 });
    expect(mentionCases.interactions[0].text).toBe('my playlist is gone again');
    expect(mentionCases.outbox).toHaveLength(outbox);
  });
});
