import type { UnitOfWork } from '@scb/core';
import type { AssignedWorkItem, WorkAssignmentRepository } from '@scb/persistence';
import { channelsWithRoom, refusalReason } from '@scb/routing';
import type { WorkQueueChangeRecorder } from '../../work-queue.projector';
import type { ClaimNextWorkCommand } from './claim-next-work.command';

export type ClaimNextWorkResult =
  | { kind: 'assigned'; item: AssignedWorkItem }
  | { kind: 'empty' }
  | { kind: 'refused'; reason: string }
  | { kind: 'unknown-agent' };

/**
 * Hands the agent the best waiting item that fits them, in one unit of work: the agent's row is
 * locked (so their concurrent requests cannot overrun their capacity), the capacity rule
 * (`refusalReason`, `channelsWithRoom`) decides what they may take, the item is claimed with
 * SKIP LOCKED, and its BullMQ job's removal is recorded with the hand-out (projected after
 * commit). Resolves to the item, or says why none was handed out.
 */
export class ClaimNextWork {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly assignments: Pick<WorkAssignmentRepository, 'lockAgent' | 'claimBest'>,
    private readonly queueChanges: WorkQueueChangeRecorder,
  ) {}

  async execute(command: ClaimNextWorkCommand): Promise<ClaimNextWorkResult> {
    return this.uow.run(async () => {
      const load = await this.assignments.lockAgent(command.agentId);
      if (!load) return { kind: 'unknown-agent' };
      const reason = refusalReason(load.presence, load.capacity, load.holding);
      if (reason) return { kind: 'refused', reason };
      const item = await this.assignments.claimBest(command.agentId, {
        queues: load.queues,
        channels: channelsWithRoom(load.capacity, load.holding),
        skills: load.skills,
      });
      if (!item) return { kind: 'empty' };
      // The hand-out does not wait for BullMQ to drop the job: Postgres has decided (SKIP LOCKED
      // claims never see it again), and the drain repairs a projection that fails.
      await this.queueChanges.record([{ workItemId: item.id, fromQueue: item.queue }], {
        background: true,
      });
      return { kind: 'assigned', item };
    });
  }
}
