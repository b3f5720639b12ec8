import { systemClock, type Clock } from '@scb/core';
import type { SlaRepository } from '@scb/persistence';
import { slaSchedule, SlaPolicySchema, type SlaTimer } from '@scb/routing';
import type { SlaTimerQueue } from './sla-timer.queue';
import type { RoutingPolicyCache } from './routing-policy.cache';

const NO_POLICY = SlaPolicySchema.parse({});

/**
 * Starts the SLA clocks of work items from the queue's policy when an item is created (BullMQ
 * delayed timers plus the due times on the item), and stops them when met. A due timer is
 * applied by the router's `FireSlaStage` use case. The router writes a new item's due times in
 * its insert and only `arm`s the timers; `start` serves every other writer (and items whose
 * queue had no target when they were created).
 */
export class SlaClock {
  constructor(
    private readonly sla: Pick<SlaRepository, 'awaitingSchedule' | 'setDueTimes'>,
    private readonly timers: Pick<SlaTimerQueue, 'schedule' | 'cancel'>,
    private readonly policy: Pick<RoutingPolicyCache, 'current'>,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Idempotent: only items whose clock is not set yet are scheduled, timers have stable ids. */
  async start(workItemIds: string[]): Promise<void> {
    const candidates = await this.sla.awaitingSchedule(workItemIds);
    if (candidates.length === 0) return;
    const queues = new Map((await this.policy.current()).queues.map((q) => [q.name, q.sla]));
    const due: Array<{ id: string; firstResponseDueAt: Date; resolutionDueAt: Date }> = [];
    const armed = candidates.flatMap((item) => {
      const schedule = slaSchedule(
        queues.get(item.queue) ?? NO_POLICY,
        item.priority,
        item.startAt,
      );
      if (!schedule) return [];
      due.push({ id: item.id, ...schedule });
      return [{ workItemId: item.id, timers: schedule.timers }];
    });
    // Timers first: a crash before the due times are stored means a harmless reschedule.
    await this.arm(armed);
    await this.sla.setDueTimes(due);
  }

  /**
   * Schedules the BullMQ timers of items whose due times the caller already stored (in the
   * same unit of work, before its commit: a crash in between leaves timers of an item that was
   * never stored, which fire on nothing). Idempotent: timer job ids are stable.
   */
  async arm(items: Array<{ workItemId: string; timers: SlaTimer[] }>): Promise<void> {
    const jobs = items.flatMap(({ workItemId, timers }) =>
      timers.map((t) => ({
        workItemId,
        kind: t.kind,
        stage: t.stage,
        dueAt: t.dueAt.toISOString(),
      })),
    );
    await this.timers.schedule(jobs, this.clock.now().getTime());
  }

  async stop(workItemId: string, kinds: Array<'firstResponse' | 'resolution'>): Promise<void> {
    await this.timers.cancel(workItemId, kinds);
  }
}
