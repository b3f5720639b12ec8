import { Inject, Injectable } from '@nestjs/common';
import type { Clock, UnitOfWork } from '@scb/core';
import { oldestCase, planCaseMerge, type MergeCase } from '@scb/cases';
import { CaseMergeRepository, type AppliedCaseMerge } from '@scb/persistence';
import { CLOCK, UNIT_OF_WORK } from '@scb/platform';
import { SlaClock, WorkQueueProjector, type WorkQueueChangeRecorder } from '@scb/work-queues';

type Merges = Pick<CaseMergeRepository, 'lockOpenCasesOf' | 'lockActiveItems' | 'apply'>;

/**
 * The steps of a case merge, run inside the caller's unit of work (the direct merge and the
 * customer merge): plan (pure, `@scb/cases`), apply set-based, record the completed and moved
 * work items in the BullMQ projection (their jobs go once committed), and stop the completed
 * items' SLA timers after the commit.
 */
@Injectable()
export class CaseMerger {
  constructor(
    @Inject(UNIT_OF_WORK) private readonly uow: UnitOfWork,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CaseMergeRepository) private readonly merges: Merges,
    @Inject(WorkQueueProjector) private readonly queueChanges: WorkQueueChangeRecorder,
    @Inject(SlaClock) private readonly sla: Pick<SlaClock, 'stop'>,
  ) {}

  /**
   * Folds `merged` into `survivor` (both already locked by the caller).
   * @throws CaseMergeRefused (from the plan) when the merge is not allowed.
   */
  async merge(survivor: MergeCase, merged: MergeCase[], by: string): Promise<AppliedCaseMerge> {
    const items = await this.merges.lockActiveItems([survivor.id, ...merged.map((c) => c.id)]);
    const plan = planCaseMerge(survivor, merged, items);
    const applied = await this.merges.apply(plan, by, this.clock.now());
    const changes = applied.completed.map((c) => ({ workItemId: c.id, fromQueue: c.fromQueue }));
    // The kept item's job carries its case: re-projected so it names the survivor.
    if (plan.keep && plan.keep.caseId !== survivor.id && plan.keep.status === 'queued')
      changes.push({ workItemId: plan.keep.id, fromQueue: plan.keep.queue });
    await this.queueChanges.record(changes);
    const stopped = applied.completed.map((c) => c.id);
    if (stopped.length > 0)
      this.uow.afterCommit(async () => {
        for (const id of stopped) await this.sla.stop(id, ['firstResponse', 'resolution']);
      });
    return applied;
  }

  /**
   * After a customer merge: the customer's open cases (now including the other's) are folded
   * into the oldest. Null when the customer has fewer than two open cases.
   */
  async mergeOpenCasesOf(customerId: string, by: string): Promise<AppliedCaseMerge | null> {
    const open = await this.merges.lockOpenCasesOf(customerId);
    const survivor = oldestCase(open);
    if (!survivor) return null;
    return this.merge(
      survivor,
      open.filter((c) => c.id !== survivor.id),
      by,
    );
  }
}
