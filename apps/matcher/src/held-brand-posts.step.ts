import { Logger } from '@nestjs/common';
import type { Clock } from '@scb/core';
import type { BatchDecider } from '@scb/matching';
import type { ServiceMetrics } from '@scb/observability';
import type { IncomingMention, MentionBatchResult } from '@scb/matching';
import type { HeldBrandPostRepository } from '@scb/persistence';

/** The reason a brand post is given up on: its thread never got a case within the bound. */
export const NO_CASE_FOR_THREAD = 'no-case-for-thread';

export interface HoldPolicy {
  /** Wait before the first retry (ms); each later one waits twice as long, up to `maxDelayMs`. */
  firstDelayMs: number;
  maxDelayMs: number;
  /** Retries before the post is recorded as ignored with reason `no-case-for-thread`. */
  maxAttempts: number;
  /** Held posts retried per round. */
  batchSize: number;
}

/** Records a batch the way the matcher does, without holding again (`RecordMentionBatch.retryHeld`). */
export type RecordBatch = (
  incoming: IncomingMention[],
  decider: BatchDecider,
) => Promise<Pick<MentionBatchResult, 'leftOut'>>;

type HeldStore = Pick<
  HeldBrandPostRepository,
  'hold' | 'due' | 'release' | 'retryLater' | 'ignore'
>;

/**
 * Hold-and-retry for brand posts that answer nothing on a case yet (issue 13, kind 5): the
 * customer's post may be decided after the brand's reply (another partition, or later in the same
 * batch), so a brand post whose thread has no case is held, retried with exponential backoff, and
 * after `maxAttempts` retries recorded as ignored with reason `no-case-for-thread`. The outcome
 * depends on whether the thread gets a case within the bound, never on which batch came first.
 *
 * `RecordMentionBatch` holds the posts a batch left out in the batch's own unit of work (holding
 * is idempotent: a redelivered batch holds nothing twice); `HeldBrandPostsRetrier` retries them.
 */
export class HeldBrandPostsStep {
  private readonly logger = new Logger(HeldBrandPostsStep.name);

  constructor(
    private readonly held: HeldStore,
    private readonly clock: Clock,
    private readonly policy: HoldPolicy,
    private readonly metrics: ServiceMetrics | null = null,
  ) {}

  /** Holds the brand posts a batch left out; returns how many were newly held. */
  async hold(leftOut: IncomingMention[]): Promise<number> {
    if (leftOut.length === 0) return 0;
    const now = this.clock.now();
    const held = await this.held.hold(leftOut, now, this.after(now, 0));
    this.metrics?.matcherDecisions.inc({ rule: 'brand-reply', outcome: 'held' }, held);
    return held;
  }

  /**
   * Retries the held posts that are due with `decider`, recording them with `record`: those that
   * found their case are stored and released; the rest wait longer, or are ignored once they
   * used their attempts.
   */
  async retryDue(
    decider: BatchDecider,
    record: RecordBatch,
  ): Promise<{ stored: number; waiting: number; ignored: number }> {
    const due = await this.held.due(this.clock.now(), this.policy.batchSize);
    if (due.length === 0) return { stored: 0, waiting: 0, ignored: 0 };
    const { leftOut } = await record(due, decider);
    const stillOut = new Set(leftOut.map((l) => l.mention));
    const stored = due.filter((d) => !stillOut.has(d.mention));
    await this.held.release(stored);
    const now = this.clock.now();
    const again = due.filter((d) => stillOut.has(d.mention));
    const spent = again.filter((d) => d.attempts + 1 >= this.policy.maxAttempts);
    const waiting = again.filter((d) => d.attempts + 1 < this.policy.maxAttempts);
    for (const [attempts, items] of groupBy(waiting, (w) => w.attempts + 1)) {
      await this.held.retryLater(items, this.after(now, attempts));
    }
    await this.held.ignore(spent, NO_CASE_FOR_THREAD, now);
    this.metrics?.matcherDecisions.inc(
      { rule: 'brand-reply', outcome: 'held_stored' },
      stored.length,
    );
    this.metrics?.matcherDecisions.inc(
      { rule: NO_CASE_FOR_THREAD, outcome: 'ignored' },
      spent.length,
    );
    if (spent.length > 0) {
      this.logger.warn({
        message: 'brand posts ignored: their thread has no case',
        count: spent.length,
        reason: NO_CASE_FOR_THREAD,
      });
    }
    return { stored: stored.length, waiting: waiting.length, ignored: spent.length };
  }

  private after(now: Date, attempts: number): Date {
    const delay = Math.min(this.policy.firstDelayMs * 2 ** attempts, this.policy.maxDelayMs);
    return new Date(now.getTime() + delay);
  }
}

function groupBy<T, K>(items: T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}
