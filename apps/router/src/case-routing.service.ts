import { Logger } from '@nestjs/common';
import { CaseEventSchema } from '@scb/contracts';
import { decodeBatch, type DeadLetterPublisher, type KafkaBatch } from '@scb/messaging';
import type { ServiceMetrics } from '@scb/observability';
import type { RouteCaseEvents } from './usecases/route-case-events/route-case-events.usecase';

/**
 * The router's Kafka handler: parses a batch of case events, dead-letters what does not parse
 * (with the reason) and hands the rest to `RouteCaseEvents`.
 */
export class CaseRoutingService {
  private readonly logger = new Logger(CaseRoutingService.name);

  constructor(
    private readonly routeCaseEvents: RouteCaseEvents,
    private readonly deadLetters: DeadLetterPublisher,
    private readonly metrics: Pick<ServiceMetrics, 'routerDecisions'> | null = null,
  ) {}

  async handle(batch: KafkaBatch): Promise<void> {
    const { valid, rejected } = decodeBatch(CaseEventSchema, batch);
    if (rejected.length > 0) {
      await this.deadLetters.publish(rejected);
      this.metrics?.routerDecisions.inc(
        { queue: 'none', outcome: 'dead_lettered' },
        rejected.length,
      );
      this.logger.warn({
        message: 'case events dead-lettered',
        count: rejected.length,
        reason: rejected[0].reason,
      });
    }
    if (valid.length === 0) return;
    await this.routeCaseEvents.execute({
      events: valid.map((v) => ({ event: v.value, headers: v.record.headers })),
    });
  }
}
