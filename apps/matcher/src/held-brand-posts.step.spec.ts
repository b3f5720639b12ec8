import type { BatchDecider } from '@scb/matching';
import type { IncomingMention } from '@scb/persistence';
import { aMention, InMemoryHeldBrandPosts, ManualClock } from '@scb/testing';
import { HeldBrandPostsStep, NO_CASE_FOR_THREAD, type RecordBatch } from './held-brand-posts.step';

const decider = {} as BatchDecider;
const policy = { firstDelayMs: 1000, maxDelayMs: 4000, maxAttempts: 4, batchSize: 100 };

/** A recorder that stores a brand post once its thread (the post it answers) is "known". */
function recorder(threads: Set<string>): RecordBatch & { calls: number } {
  const record = async (incoming: IncomingMention[]) => {
    record.calls += 1;
    return { leftOut: incoming.filter((i) => !threads.has(i.mention.inReplyToId ?? '')) };
  };
  record.calls = 0;
  return record;
}

const brandReply = (inReplyToId: string): IncomingMention => ({
  mention: aMention({ direction: 'outbound', inReplyToId }),
  publishedAt: new Date('2026-01-01T00:00:00Z'),
});

describe('HeldBrandPostsStep', () => {
  it('holds a brand post, stores it once its thread has a case, and releases it', async () => {
    const clock = new ManualClock();
    const held = new InMemoryHeldBrandPosts();
    const threads = new Set<string>();
    const record = recorder(threads);
    const step = new HeldBrandPostsStep(held, clock, policy);
    const reply = brandReply('111');

    expect(await step.hold([reply])).toBe(1);
    expect(await step.hold([reply])).toBe(0); // a redelivered batch holds nothing twice
    expect(await step.retryDue(decider, record)).toEqual({ stored: 0, waiting: 0, ignored: 0 }); // not due

    clock.advance(1000);
    expect(await step.retryDue(decider, record)).toEqual({ stored: 0, waiting: 1, ignored: 0 });
    threads.add('111');
    clock.advance(1999);
    expect(await step.retryDue(decider, record)).toEqual({ stored: 0, waiting: 0, ignored: 0 }); // backoff
    clock.advance(1);
    expect(await step.retryDue(decider, record)).toEqual({ stored: 1, waiting: 0, ignored: 0 });
    expect(held.entries.size).toBe(0);
  });

  it(`records a brand post as ignored (${NO_CASE_FOR_THREAD}) after the bound, with backoff capped`, async () => {
    const clock = new ManualClock();
    const held = new InMemoryHeldBrandPosts();
    const record = recorder(new Set());
    const step = new HeldBrandPostsStep(held, clock, policy);
    await step.hold([brandReply('222')]);

    const outcomes = [];
    for (const wait of [1000, 2000, 4000, 4000]) {
      clock.advance(wait);
      outcomes.push(await step.retryDue(decider, record));
    }
    expect(outcomes).toEqual([
      { stored: 0, waiting: 1, ignored: 0 },
      { stored: 0, waiting: 1, ignored: 0 },
      { stored: 0, waiting: 1, ignored: 0 },
      { stored: 0, waiting: 0, ignored: 1 },
    ]);
    const [entry] = held.entries.values();
    expect(entry).toMatchObject({ state: 'ignored', reason: NO_CASE_FOR_THREAD, attempts: 4 });
    clock.advance(60_000);
    expect(await step.retryDue(decider, record)).toEqual({ stored: 0, waiting: 0, ignored: 0 });
    expect(record.calls).toBe(4);
  });
});
