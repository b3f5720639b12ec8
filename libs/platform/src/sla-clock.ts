import { Logger } from '@nestjs/common';
import type { SlaRepository, SlaTimerRef } from '@scb/persistence';
import { escalation, slaSchedule, SlaPolicySchema } from '@scb/routing';
import type { SlaTimerQueue, WorkQueueGateway } from '@scb/work-queues';
import type { RoutingPolicyCache } from './routing-policy.cache';
import type { SlaNotificationDispatcher } from './sla-notification.dispatcher';

const NO_POLICY = SlaPolicySchema.parse({});

/**
 * Runs the SLA clocks of work items: starts them from the queue's policy when an item is
 * created, fires at-risk and breached stages (escalating on breach), and stops them when met.
 */
export class SlaClock {
  private readonly logger = new Logger(SlaClock.name);

  constructor(
    private readonly sla: SlaRepository,
    private readonly timers: SlaTimerQueue,
    private readonly queues: WorkQueueGateway,
    private readonly policy: RoutingPolicyCache,
    /** Only where timers run (the router); without it breaches are recorded, not delivered. */
    private readonly notifications: SlaNotificationDispatcher | null = null,
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
    await this.timers.schedule(jobs);
    await this.sla.setDueTimes(due);
  }

  /**
   * Applies a due stage, then delivers its supervisor webhooks. Both halves are idempotent, so a
   * retried job (crash, failing webhook) finishes the work without repeating what was done.
   * Says whether this call reached the stage (false when already reached or no longer due) and
   * whether it escalated the item (another queue or priority).
   */
  async fire(timer: SlaTimerRef): Promise<{ fired: boolean; escalated: boolean }> {
    const outcome = await this.applyStage(timer);
    if (timer.stage === 'breached') await this.notifications?.dispatch(timer);
    return outcome;
  }

  private async applyStage(timer: SlaTimerRef): Promise<{ fired: boolean; escalated: boolean }> {
    const queues = new Map((await this.policy.current()).queues.map((q) => [q.name, q.sla]));
    const result = await this.sla.fire(timer, (item) =>
      escalation(queues.get(item.queue) ?? NO_POLICY, item.priority),
    );
    if (result.kind !== 'fired') return { fired: false, escalated: false };
    const { before, after } = result;
    const escalated = after.queue !== before.queue || after.priority !== before.priority;
    this.logger.warn({
      message: `SLA ${timer.kind} ${timer.stage}`,
      workItemId: before.id,
      caseId: before.caseId,
      queue: before.queue,
      escalatedTo: escalated ? after : undefined,
    });
    const outcome = { fired: true, escalated };
    if (after.status !== 'queued') return outcome;
    if (after.queue !== before.queue) {
      await this.queues.remove([before]);
      await this.queues.enqueue([after]);
    } else if (after.priority !== before.priority) {
      await this.queues.reprioritize([after]);
    }
    return outcome;
  }

  async stop(workItemId: string, kinds: Array<'firstResponse' | 'resolution'>): Promise<void> {
    await this.timers.cancel(workItemId, kinds);
  }
}
