import type { Clock, UnitOfWork } from '@scb/core';
import type { WorkItemRepository } from '@scb/persistence';
import { contextFrom, startSpan, traceHeaders, type ServiceMetrics } from '@scb/observability';
import {
  chooseQueue,
  policyUsesTiers,
  queueSlaSchedule,
  type RoutingPolicy,
  type SlaTimer,
} from '@scb/routing';
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

/** The router's side of the SLA clock (`SlaClock`). */
export interface RouterSlaClock {
  /** Sets the due times and timers of items whose clock is not set yet (re-reads them). */
  start(workItemIds: string[]): Promise<void>;
  /** Schedules the timers of items whose due times were stored with them. */
  arm(items: Array<{ workItemId: string; timers: SlaTimer[] }>): Promise<void>;
}

/**
 * Puts every case that an event mentions into its contact-center queue, in ONE unit of work:
 * the events marked processed, the work items (one active item per case: a case's new event
 * updates its item, and a more urgent one raises it), their BullMQ changes (projected after
 * commit) and their SLA clocks. A crash anywhere rolls all of it back, so the redelivered batch is
 * routed again from scratch: no loss, no duplicate.
 *
 * A new item is written once (waiting, with its SLA due times); only new and raised items get a
 * BullMQ change: an update that leaves an item's queue and priority as they were leaves its job
 * as it is.
 */
export class RouteCaseEvents {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly workItems: WorkItems,
    private readonly policy: { current(): Promise<RoutingPolicy> },
    private readonly queueChanges: WorkQueueChangeRecorder,
    private readonly sla: RouterSlaClock,
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
    // Tiers are read only when a rule looks at them.
    const tiers = policyUsesTiers(policy)
      ? await this.workItems.customerTiers(events.map((e) => e.customerId))
      : new Map<string, string>();
    const now = this.clock.now();
    const { active, raised } = await this.workItems.ensureActive(
      events.map((event) => {
        const choice = chooseQueue({ ...event, tier: tiers.get(event.customerId) ?? null }, policy);
        const schedule = queueSlaSchedule(policy.queues, choice, now);
        return {
          caseId: event.caseId,
          channel: event.channel,
          queue: choice.queue,
          priority: choice.priority,
          requiredSkills: choice.requiredSkills,
          explanation: choice.explanation,
          dueTimes: schedule && {
            firstResponseDueAt: schedule.firstResponseDueAt,
            resolutionDueAt: schedule.resolutionDueAt,
          },
        };
      }),
      now,
    );
    // An item an agent holds stays with that agent (the update is counted on it); a new waiting
    // item is projected, and a waiting one moves up in BullMQ when the new event made it more
    // urgent. Any other update leaves its job as it is.
    const waiting = active.filter((item) => item.status === 'queued');
    const raisedIds = new Set(raised.map((item) => item.id));
    // Each queued item in the trace of the event that queued it; the job data carries it on.
    const headersOf = new Map(command.events.map((e) => [e.event.caseId, e.headers]));
    const changes = waiting
      .filter((item) => item.created || raisedIds.has(item.id))
      .map((item) => {
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
    // Projected in the background: the consumer takes its next batch while BullMQ follows (the
    // jobs are a copy; the hand-out reads Postgres). Rows stay until projected, so a crash or a
    // Redis outage only delays the copy (`drain`).
    await this.queueChanges.record(changes, { background: true });
    await this.startSla(policy, active);
    return { events, active, waiting };
  }

  /**
   * New items got their due times in the insert: only their timers are armed. An older item
   * whose clock is not set (its queue had no target when it was created) starts it now, if a
   * target applies today.
   */
  private async startSla(
    policy: RoutingPolicy,
    active: Array<{
      id: string;
      queue: string;
      priority: number;
      created: boolean;
      slaUnset: boolean;
      createdAt: Date;
    }>,
  ): Promise<void> {
    const armed: Array<{ workItemId: string; timers: SlaTimer[] }> = [];
    const unset: string[] = [];
    for (const item of active) {
      const schedule = queueSlaSchedule(policy.queues, item, item.createdAt);
      if (!schedule) continue;
      if (item.created && !item.slaUnset)
        armed.push({ workItemId: item.id, timers: schedule.timers });
      else if (item.slaUnset) unset.push(item.id);
    }
    await this.sla.arm(armed);
    await this.sla.start(unset);
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
