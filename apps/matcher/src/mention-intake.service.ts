import { Logger } from '@nestjs/common';
import { SocialMentionSchema } from '@scb/contracts';
import type { BatchCaseMatcher, RuleSetProvider } from '@scb/matching';
import { decodeBatch, type DeadLetterPublisher, type KafkaBatch } from '@scb/messaging';
import type { MentionCaseRepository } from '@scb/persistence';
import type { OutboxRelay } from '@scb/platform';

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
  ) {}

  async handle(batch: KafkaBatch): Promise<void> {
    const { valid, rejected } = decodeBatch(SocialMentionSchema, batch);
    if (rejected.length > 0) {
      await this.deadLetters.publish(rejected);
      this.logger.warn({
        message: 'mentions dead-lettered',
        count: rejected.length,
        partition: batch.partition,
        reason: rejected[0].reason,
      });
    }
    const result = await this.repository.recordBatch(
      valid.map((v) => ({ mention: v.value, publishedAt: new Date(v.record.timestamp) })),
      // One rule-set version decides the whole batch, even if a new one arrives meanwhile.
      this.matcher.forBatch(this.rules.current()),
    );
    this.logger.debug?.({ message: 'batch matched', partition: batch.partition, ...result });
    if (result.stored > 0) this.relay.kick();
  }
}
