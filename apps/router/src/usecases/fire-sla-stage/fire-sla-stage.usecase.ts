import { Logger } from '@nestjs/common';
import type { UnitOfWork } from '@scb/core';
import type { SlaRepository } from '@scb/persistence';
import {
  decideSlaStage,
  runningSlaClocks,
  SLA_KINDS,
  SlaPolicySchema,
  type RoutingPolicy,
} from '@scb/routing';
import type { SlaClock, WorkQueueChangeRecorder } from '@scb/work-queues';
import type { FireSlaStageCommand } from './fire-sla-stage.command';

const NO_POLICY = SlaPolicySchema.parse({});

type SlaStore = Pick<
  SlaRepository,
  'lockItem' | 'queueExists' | 'recordEvent' | 'addNotifications' | 'moveItem'
>;

/**
 * Applies a due SLA stage: records it once (unless the target was met), and on a breach applies
 * the escalation (`decideSlaStage`) with its supervisor notifications and BullMQ change, all in
 * one unit of work, in which it also arms the item's next stage (`SlaClock.armNext`, for the
 * clocks still running); then delivers the breach's webhooks. Both halves are idempotent, so a
 * retried timer job (crash, failing webhook) finishes the work without repeating what was done.
 * Resolves to whether this call reached the stage (false when already reached or no longer due)
 * and whether it escalated the item (another queue or priority).
 */
export class FireSlaStage {
  private readonly logger = new Logger(FireSlaStage.name);

  constructor(
    private readonly uow: UnitOfWork,
    private readonly sla: SlaStore,
    private readonly policy: { current(): Promise<RoutingPolicy> },
    private readonly queueChanges: WorkQueueChangeRecorder,
    private readonly chain: Pick<SlaClock, 'armNext'>,
    /** Only where timers run (the router); without it breaches are recorded, not delivered. */
    private readonly notifications: { dispatch(timer: FireSlaStageCommand): Promise<void> } | null,
  ) {}

  async execute(timer: FireSlaStageCommand): Promise<{ fired: boolean; escalated: boolean }> {
    let outcome: { fired: boolean; escalated: boolean };
    try {
      outcome = await this.uow.run(() => this.applyStage(timer));
    } catch (error) {
      // The job is retried with backoff, but a long outage can outlast its attempts: the next
      // stage is armed from the timer alone (it re-checks the item when it fires), so the
      // item's chain of timers never ends on a failed stage. Best effort: the error is what counts.
      await this.chain.armNext(timer, SLA_KINDS).catch(() => undefined);
      throw error;
    }
    if (timer.stage === 'breached') await this.notifications?.dispatch(timer);
    return outcome;
  }

  private async applyStage(timer: FireSlaStageCommand) {
    const none = { fired: false, escalated: false };
    const queues = new Map((await this.policy.current()).queues.map((q) => [q.name, q.sla]));
    const item = await this.sla.lockItem(timer.workItemId);
    if (!item) return none;
    // Under the item's lock, before its commit: a completion or first response waits for it and
    // then finds (and stops) the timer armed here. A retry arms the same job id again.
    await this.chain.armNext(timer, runningSlaClocks(item));
    const policy = queues.get(item.queue) ?? NO_POLICY;
    const target = timer.stage === 'breached' ? policy.escalation.toQueue : undefined;
    const targetExists = target ? await this.sla.queueExists(target) : false;
    const decision = decideSlaStage(timer, item, policy, (name) => targetExists && name === target);
    if (decision.kind === 'met') return none;
    const eventId = await this.sla.recordEvent({
      item,
      timer,
      escalation: decision.escalation,
    });
    if (!eventId) return none;
    await this.sla.addNotifications(eventId, decision.notify);
    const { after } = decision;
    const { firstRespondedAt: _answered, ...state } = item;
    const escalated = after.queue !== item.queue || after.priority !== item.priority;
    if (decision.escalation) {
      await this.sla.moveItem(item.id, after);
      // Only a waiting item has a job to move or re-prioritize.
      if (item.status === 'queued')
        await this.queueChanges.record([{ workItemId: item.id, fromQueue: item.queue }]);
    }
    this.logger.warn({
      message: `SLA ${timer.kind} ${timer.stage}`,
      workItemId: item.id,
      caseId: item.caseId,
      queue: item.queue,
      escalatedTo: escalated ? { ...state, ...after } : undefined,
    });
    return { fired: true, escalated };
  }
}
