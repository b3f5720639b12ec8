import { systemClock, type Clock } from '@scb/core';
import type { SlaRepository } from '@scb/persistence';
import { slaSchedule, SlaPolicySchema } from '@scb/routing';
import type { SlaTimerQueue } from './sla-timer.queue';
import type { RoutingPolicyCache } from './routing-policy.cache';

const NO_POLICY = SlaPolicySchema.parse({});

/**
 * Starts the SLA clocks of work items from the queue's policy when an item is created (BullMQ
 * delayed timers plus the due times on the item), and stops them when met. A due timer is
 * applied by the router's `FireSlaStage` use case.
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
    const jobs = candidates.flatMap((item) => {
      const schedule = slaSchedule(
        queues.get(item.queue) ?? NO_POLICY,
        item.priority,
        item.createdAt,
      );
      if (!schedule) return [];
      due.push({ id: item.id, ...schedule });
      return schedule.timers.map((t) => ({
        workItemId: item.id,
        kind: t.kind,
        stage: t.stage,
        dueAt: t.dueAt.toISOString(),
      }));
    });
    // Timers first: a crash before the due times are stored means a harmless reschedule.
    await this.timers.schedule(jobs, this.clock.now().getTime());
    await this.sla.setDueTimes(due);
  }

  async stop(workItemId: string, kinds: Array<'firstResponse' | 'resolution'>): Promise<void> {
    await this.timers.cancel(workItemId, kinds);
  }
}
