import { Logger } from '@nestjs/common';
import { SocialMentionSchema, type SocialMention } from '@scb/contracts';
import type { BatchCaseMatcher, BatchDecider, RuleSetProvider } from '@scb/matching';
import {
  decodeBatch,
  type DeadLetterPublisher,
  type Decoded,
  type KafkaBatch,
  type Rejected,
} from '@scb/messaging';
import { contextFrom, startSpan, traceHeaders, type ServiceMetrics } from '@scb/observability';
import { isDataError, type MentionCaseRepository } from '@scb/persistence';
import type { OutboxRelay } from '@scb/platform';
import type { HeldBrandPostsStep } from './held-brand-posts.step';

/**
 * One consumed batch of mentions: contract violations go to the dead-letter topic, the rest are
 * matched to cases and stored in one transaction, then the case events are relayed.
 */
export class MentionIntakeService {
  private readonly logger = new Logger(MentionIntakeService.name);

  constructor(
    private readonly repository: MentionCaseRepository,
    private readonly matcher: BatchCaseMatcher,
    private readonly rules: RuleSetProvider,
    private readonly deadLetters: DeadLetterPublisher,
    private readonly relay: OutboxRelay,
    private readonly metrics: ServiceMetrics | null = null,
    /** Holds brand posts whose thread has no case yet (none: they are only counted). */
    private readonly heldBrandPosts: HeldBrandPostsStep | null = null,
  ) {}

  async handle(batch: KafkaBatch): Promise<void> {
    const { valid, rejected } = decodeBatch(SocialMentionSchema, batch);
    await this.deadLetter(rejected, batch.partition, 'contract');
    // A span per mention in the trace its record carries; its traceparent goes with the case
    // events into the outbox, so the router's work joins the same trace.
    const spans = valid.map((v) =>
      startSpan('match mention', { parent: contextFrom(v.record.headers) }),
    );
    const incoming = valid.map((v, i) => ({
      mention: v.value,
      publishedAt: new Date(v.record.timestamp),
      traceparent: traceHeaders(spans[i].ctx).traceparent,
    }));
    // One rule-set version decides the whole batch, even if a new one arrives meanwhile.
    const decider = this.matcher.forBatch(this.rules.current());
    try {
      const { decisions, ...result } = await this.repository.recordBatch(incoming, decider);
      this.count(decisions);
      await this.heldBrandPosts?.hold(result.leftOut);
      this.logger.debug?.({
        message: 'batch matched',
        partition: batch.partition,
        ...result,
        leftOut: result.leftOut.length,
      });
      if (result.stored > 0) this.relay.kick();
    } catch (error) {
      if (!isDataError(error)) throw error;
      await this.isolate(valid, batch.partition, decider);
    } finally {
      for (const { span } of spans) span.end();
    }
  }

  /**
   * A batch the database refused for its data: record the mentions one by one, in order, so
   * only the poison ones go to the dead-letter topic. Transient failures still fail the batch.
   */
  private async isolate(
    valid: Array<Decoded<SocialMention>>,
    partition: number,
    decider: BatchDecider,
  ): Promise<void> {
    const poisoned: Rejected[] = [];
    for (const item of valid) {
      try {
        const { decisions, leftOut } = await this.repository.recordBatch(
          [
            {
              mention: item.value,
              publishedAt: new Date(item.record.timestamp),
              // Retried alone, the mention keeps the trace its record carries.
              traceparent: traceHeaders(contextFrom(item.record.headers)).traceparent,
            },
          ],
          decider,
        );
        this.count(decisions);
        await this.heldBrandPosts?.hold(leftOut);
      } catch (error) {
        if (!isDataError(error)) throw error;
        poisoned.push(poison(item, partition, error));
      }
    }
    await this.deadLetter(poisoned, partition, 'storage');
    this.relay.kick();
  }

  private count(decisions: Array<{ rule: string; outcome: string }>): void {
    for (const d of decisions) this.metrics?.matcherDecisions.inc(d);
  }

  /** `rule`: why no rule could decide (contract: not a mention; storage: refused by Postgres). */
  private async deadLetter(rejected: Rejected[], partition: number, rule: string): Promise<void> {
    if (rejected.length === 0) return;
    await this.deadLetters.publish(rejected);
    this.metrics?.matcherDecisions.inc({ rule, outcome: 'dead_lettered' }, rejected.length);
    this.logger.warn({
      message: 'mentions dead-lettered',
      count: rejected.length,
      partition,
      reason: rejected[0].reason,
    });
  }
}

function poison(item: Decoded<SocialMention>, partition: number, error: unknown): Rejected {
  return {
    reason: `matching failed: ${error instanceof Error ? error.message : String(error)}`,
    key: item.record.key,
    payload: item.record.value ? item.record.value.toString('utf8') : '',
    partition,
    offset: item.record.offset,
  };
}
