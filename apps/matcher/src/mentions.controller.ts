import { Controller, Logger } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { SocialMentionSchema, Topics } from '@scb/contracts';
import { decodeBatch, type KafkaBatch } from '@scb/messaging';
import { contextFrom, startSpan, traceHeaders } from '@scb/observability';
import type { MentionToRecord } from './usecases/record-mention-batch/record-mention-batch.command';
import { RecordMentionBatch } from './usecases/record-mention-batch/record-mention-batch.usecase';

/**
 * The matcher's Kafka handler: parses a consumed batch of mentions against their contract and
 * hands it to `RecordMentionBatch` (which dead-letters what failed the contract once the batch
 * has committed). Resolving commits the batch's offsets; rejecting makes Kafka redeliver it.
 */
@Controller()
export class MentionsController {
  private readonly logger = new Logger(MentionsController.name);

  constructor(private readonly recordMentionBatch: RecordMentionBatch) {}

  @EventPattern(Topics.mentions)
  async handle(@Payload() batch: KafkaBatch): Promise<void> {
    const { valid, rejected } = decodeBatch(SocialMentionSchema, batch);
    // A span per mention in the trace its record carries; its traceparent goes with the case
    // events into the outbox, so the router's work joins the same trace.
    const spans = valid.map((v) =>
      startSpan('match mention', { parent: contextFrom(v.record.headers) }),
    );
    const mentions = valid.map(({ value, record }, i): MentionToRecord => ({
      mention: value,
      publishedAt: new Date(record.timestamp),
      traceparent: traceHeaders(spans[i].ctx).traceparent,
      origin: {
        key: record.key,
        payload: record.value ? record.value.toString('utf8') : '',
        partition: batch.partition,
        offset: record.offset,
      },
    }));
    try {
      const { decisions: _decisions, ...result } = await this.recordMentionBatch.execute({
        mentions,
        rejected,
      });
      this.logger.debug?.({ message: 'batch matched', partition: batch.partition, ...result });
    } finally {
      for (const { span } of spans) span.end();
    }
  }
}
