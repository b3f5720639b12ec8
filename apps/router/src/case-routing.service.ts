import { Logger } from '@nestjs/common';
import { CaseEventSchema } from '@scb/contracts';
import { decodeBatch, type DeadLetterPublisher, type KafkaBatch } from '@scb/messaging';
import type { WorkItemRepository } from '@scb/persistence';
import { contextFrom, startSpan, traceHeaders, type ServiceMetrics } from '@scb/observability';
import { chooseQueue } from '@scb/routing';
import type { RoutingPolicyCache, SlaClock } from '@scb/platform';
import type { WorkQueueGateway } from '@scb/work-queues';

export const ROUTER_CONSUMER = 'router';

/**
 * Puts every case that an event mentions into its contact-center queue. Each step converges
 * (one active work item per case, job id = work item id), and events are marked processed only
 * once their jobs are in BullMQ, so a crash anywhere means a harmless redo, never a loss.
 */
export class CaseRoutingService {
  private readonly logger = new Logger(CaseRoutingService.name);

  constructor(
    private readonly workItems: WorkItemRepository,
    private readonly queues: WorkQueueGateway,
    private readonly deadLetters: DeadLetterPublisher,
    private readonly policy: RoutingPolicyCache,
    private readonly sla: SlaClock,
    private readonly metrics: ServiceMetrics | null = null,
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
    const events = await this.workItems.unprocessedEvents(
      ROUTER_CONSUMER,
      valid.map((v) => v.value),
    );
    if (events.length === 0) return;
    const policy = await this.policy.current();
    const tiers = await this.workItems.customerTiers(events.map((e) => e.customerId));
    const { active, raised } = await this.workItems.ensureActive(
      events.map((event) => {
        const choice = chooseQueue({ ...event, tier: tiers.get(event.customerId) ?? null }, policy);
        return {
          caseId: event.caseId,
          channel: event.channel,
          queue: choice.queue,
          priority: choice.priority,
          requiredSkills: choice.requiredSkills,
          explanation: choice.explanation,
        };
      }),
    );
    // An item an agent holds stays with that agent (the update is counted on it); a waiting item
    // is updated in place, and moves up in BullMQ when the new event made it more urgent.
    const waiting = active.filter((item) => item.status === 'queued');
    // Each queued item in the trace of the event that queued it; the job data carries it on.
    const headersOf = new Map(valid.map((v) => [v.value.caseId, v.record.headers]));
    const spans = waiting.map((item) =>
      startSpan('enqueue work item', {
        kind: 'producer',
        parent: contextFrom(headersOf.get(item.caseId)),
        attributes: { 'scb.queue': item.queue, 'scb.work_item_id': item.id },
      }),
    );
    try {
      await this.queues.enqueue(
        waiting.map((item, i) => ({
          ...item,
          traceparent: traceHeaders(spans[i].ctx).traceparent,
        })),
      );
    } finally {
      for (const { span } of spans) span.end();
    }
    await this.queues.reprioritize(raised);
    await this.workItems.markQueued(waiting.map((item) => item.id));
    await this.sla.start(active.map((item) => item.id));
    await this.workItems.markProcessed(ROUTER_CONSUMER, events);
    await this.measure(events, active, waiting);
  }

  /** queued: waits in BullMQ; held: an agent holds the case's item, the event joins it there. */
  private async measure(
    events: Array<{ interactionId: string; caseId: string }>,
    active: Array<{ caseId: string; queue: string; status: string }>,
    waiting: Array<{ caseId: string }>,
  ): Promise<void> {
    if (!this.metrics) return;
    const byCase = new Map(active.map((item) => [item.caseId, item]));
    for (const event of events) {
      const item = byCase.get(event.caseId);
      if (!item) continue;
      this.metrics.routerDecisions.inc({
        queue: item.queue,
        outcome: item.status === 'queued' ? 'queued' : 'held',
      });
    }
    const queuedCases = new Set(waiting.map((item) => item.caseId));
    const now = Date.now();
    const published = await this.workItems.mentionsPublishedAt(
      events.filter((e) => queuedCases.has(e.caseId)).map((e) => e.interactionId),
    );
    for (const at of published) this.metrics.mentionToQueue.observe((now - at.getTime()) / 1000);
  }
}
