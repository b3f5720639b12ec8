import { systemClock, type Clock } from '@scb/core';
import type { SlaRepository } from '@scb/persistence';
import {
  nextSlaTimer,
  SLA_KINDS,
  slaSchedule,
  slaTimerChain,
  SlaPolicySchema,
  type SlaChainStep,
  type SlaKind,
  type SlaTimer,
} from '@scb/routing';
import type { SlaTimerJobData, SlaTimerQueue } from './sla-timer.queue';
import type { RoutingPolicyCache } from './routing-policy.cache';

const NO_POLICY = SlaPolicySchema.parse({});

/**
 * Starts the SLA clocks of work items from the queue's policy when an item is created (BullMQ
 * delayed timers plus the due times on the item), and stops them when met. An item has ONE timer
 * job at a time, its earliest pending stage, carrying the later ones (`slaTimerChain`): the
 * router's `FireSlaStage` applies a due stage and arms the next (`armNext`), and stopping a clock
 * re-arms the other's next stage. The router writes a new item's due times in its insert and only
 * `arm`s the timers; `start` serves every other writer (and items whose queue had no target when
 * they were created).
 */
export class SlaClock {
  constructor(
    private readonly sla: Pick<SlaRepository, 'awaitingSchedule' | 'setDueTimes'>,
    private readonly timers: Pick<SlaTimerQueue, 'schedule' | 'cancel' | 'delayed'>,
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
   * Schedules the first timer of each item's chain, for items whose due times the caller already
   * stored (in the same unit of work, before its commit: a crash in between leaves a timer of an
   * item that was never stored, which fires on nothing). Idempotent: timer job ids are stable.
   */
  async arm(items: Array<{ workItemId: string; timers: SlaTimer[] }>): Promise<void> {
    const jobs = items.flatMap(({ workItemId, timers }) => {
      const first = slaTimerChain(timers);
      return first ? [jobOf(workItemId, first)] : [];
    });
    await this.timers.schedule(jobs, this.clock.now().getTime());
  }

  /**
   * Arms the stage after `timer` in its chain whose clock still runs (`running`, from the item
   * as its stage was decided); nothing when none is left or the timer carries no chain.
   * Idempotent: a retried stage arms the same job id.
   */
  async armNext(
    timer: Pick<SlaTimerJobData, 'workItemId' | 'next'>,
    running: readonly SlaKind[],
  ): Promise<void> {
    const step = nextSlaTimer(timer.next ?? [], running);
    if (step)
      await this.timers.schedule([jobOf(timer.workItemId, step)], this.clock.now().getTime());
  }

  /**
   * Stops the clocks of `kinds` (target met): removes their timers. When the other clock still
   * runs, its next stage is armed first from the chain the removed timer carried, so a crash in
   * between leaves an extra timer (it fires on a met target and arms nothing new), never none.
   */
  async stop(workItemId: string, kinds: SlaKind[]): Promise<void> {
    const running = SLA_KINDS.filter((kind) => !kinds.includes(kind));
    if (running.length > 0)
      for (const stopped of await this.timers.delayed(workItemId, kinds))
        await this.armNext(stopped, running);
    await this.timers.cancel(workItemId, kinds);
  }
}

const jobOf = (workItemId: string, step: SlaChainStep): SlaTimerJobData => ({
  workItemId,
  ...step.timer,
  next: step.next,
});
