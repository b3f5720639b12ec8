import type { UnitOfWork } from '@scb/core';
import type { AssignedWorkItem, HandOut, WorkAssignmentRepository } from '@scb/persistence';
import { refusalReason } from '@scb/routing';
import type { WorkQueueProjector } from '../../work-queue.projector';
import type { ClaimNextWorkCommand } from './claim-next-work.command';

export type ClaimNextWorkResult =
  | { kind: 'assigned'; item: AssignedWorkItem }
  | { kind: 'empty' }
  | { kind: 'refused'; reason: string }
  | { kind: 'unknown-agent' };

/** Bound on the statements of one hand-out (two are enough: see `execute`). */
const MAX_ATTEMPTS = 5;

/**
 * Hands the agent the best waiting item that fits them in ONE statement
 * (`WorkAssignmentRepository.claimNext`: locks the agent, applies the capacity rule, claims with
 * SKIP LOCKED, records the BullMQ job's removal), without a transaction round trip. When a
 * concurrent hand-out to the same agent committed under that statement (it claimed nothing), the
 * hand-out is redone in a unit of work: its first statement takes the agent's lock and keeps it
 * to the end, so the next one sees every committed hand-out. The job's removal is projected in the background, batched with
 * other hand-outs' (Postgres has decided: SKIP LOCKED claims never see the item again, and the
 * drain repairs a projection that fails). Resolves to the item, or says why none was handed out
 * (the reason from `refusalReason`, the rule the statement applies).
 * @throws Error when the hand-out kept racing past `MAX_ATTEMPTS` (not expected: see there).
 */
export class ClaimNextWork {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly assignments: Pick<WorkAssignmentRepository, 'claimNext'>,
    private readonly queueChanges: Pick<WorkQueueProjector, 'projectInBackground'>,
  ) {}

  async execute(command: ClaimNextWorkCommand): Promise<ClaimNextWorkResult> {
    let handOut = await this.assignments.claimNext(command.agentId);
    if (handOut && !handOut.current) handOut = await this.uow.run(() => this.retry(command));
    if (!handOut) return { kind: 'unknown-agent' };
    if (handOut.item) {
      if (handOut.changeId) this.queueChanges.projectInBackground([handOut.changeId]);
      return { kind: 'assigned', item: handOut.item };
    }
    const { presence, capacity, holding } = handOut.load;
    const reason = refusalReason(presence, capacity, holding);
    return reason ? { kind: 'refused', reason } : { kind: 'empty' };
  }

  /** Inside a unit of work: the agent's lock, once taken, is held until it ends. */
  private async retry(command: ClaimNextWorkCommand): Promise<HandOut | null> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
      const handOut = await this.assignments.claimNext(command.agentId);
      if (!handOut || handOut.current) return handOut;
    }
    throw new Error(`hand-out to agent ${command.agentId} kept racing concurrent hand-outs`);
  }
}
