import type { Clock, UnitOfWork } from '@scb/core';
import type { WorkItemRepository } from '@scb/persistence';
import { contextFrom, startSpan, traceHeaders, type ServiceMetrics } from '@scb/observability';
import { chooseQueue, type RoutingPolicy } from '@scb/routing';
import type { WorkQueueChangeRecorder } from '@scb/work-queues';
import type { RouteCaseEventsCommand } from './route-case-events.command';

export const ROUTER_CONSUMER = 'router';

type WorkItems = Pick<
  WorkItemRepository,
  'claimUnprocessed' | 'customerTiers' | 'ensureActive' | 'mentionsPublishedAt'
>;

/** What routing reports per event (the router's metrics). */
export interface RoutedEvents {
  /** Events routed now (redelivered ones are skipped). */
  routed: number;
  /** Work items now waiting for an agent. */
  queued: number;
}

/**
 * Puts every case that an event mentions into its contact-center queue, in ONE unit of work:
 * the events marked processed, the work items (one active item per case: a case's new event
 * updates its item, and a more urgent one raises it), their BullMQ changes (projected after
 * commit) and their SLA clocks. A crash anywhere rolls all of it back, so the redelivered batch is
 * routed again from scratch: no loss, no duplicate.
 */
export class RouteCaseEvents {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly workItems: WorkItems,
    private readonly policy: { current(): Promise<RoutingPolicy> },
    private readonly queueChanges: WorkQueueChangeRecorder,
    private readonly sla: { start(workItemIds: string[]): Promise<void> },
    private readonly clock: Clock,
    private readonly metrics: Pick<
      ServiceMetrics,
      'routerDecisions' | 'mentionToQueue'
    > | null = null,
  ) {}

  async execute(command: RouteCaseEventsCommand): Promise<RoutedEvents> {
    const outcome = await this.uow.run(() => this.route(command));
    if (!outcome) return { routed: 0, queued: 0 };
    await this.measure(outcome);
    return { routed: outcome.events.length, queued: outcome.waiting.length };
  }

  private async route(command: RouteCaseEventsCommand) {
    // Marked processed first, in this unit of work: a redelivered event is skipped.
    const events = await this.workItems.claimUnprocessed(
      ROUTER_CONSUMER,
      command.events.map((e) => e.event),
    );
    if (events.length === 0) return null;
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
    // is (re)projected, and moves up in BullMQ when the new event made it more urgent.
    const waiting = active.filter((item) => item.status === 'queued');
    const raisedIds = new Set(raised.map((item) => item.id));
    // Each queued item in the trace of the event that queued it; the job data carries it on.
    const headersOf = new Map(command.events.map((e) => [e.event.caseId, e.headers]));
    const changes = waiting.map((item) => {
      const { span, ctx } = startSpan('enqueue work item', {
        kind: 'producer',
        parent: contextFrom(headersOf.get(item.caseId)),
        attributes: { 'scb.queue': item.queue, 'scb.work_item_id': item.id },
      });
      span.end();
      return {
        workItemId: item.id,
        fromQueue: raisedIds.has(item.id) ? item.queue : null,
        traceparent: traceHeaders(ctx).traceparent ?? null,
      };
    });
    await this.queueChanges.record(changes);
    await this.sla.start(active.map((item) => item.id));
    return { events, active, waiting };
  }

  /** queued: waits for an agent; held: an agent holds the case's item, the event joins it there. */
  private async measure(outcome: {
    events: Array<{ interactionId: string; caseId: string }>;
    active: Array<{ caseId: string; queue: string; status: string }>;
    waiting: Array<{ caseId: string }>;
  }): Promise<void> {
    if (!this.metrics) return;
    const byCase = new Map(outcome.active.map((item) => [item.caseId, item]));
    for (const event of outcome.events) {
      const item = byCase.get(event.caseId);
      if (!item) continue;
      this.metrics.routerDecisions.inc({
        queue: item.queue,
        outcome: item.status === 'queued' ? 'queued' : 'held',
      });
    }
    const queuedCases = new Set(outcome.waiting.map((item) => item.caseId));
    const now = this.clock.now().getTime();
    const published = await this.workItems.mentionsPublishedAt(
      outcome.events.filter((e) => queuedCases.has(e.caseId)).map((e) => e.interactionId),
    );
    for (const at of published) this.metrics.mentionToQueue.observe((now - at.getTime()) / 1000);
  }
}
