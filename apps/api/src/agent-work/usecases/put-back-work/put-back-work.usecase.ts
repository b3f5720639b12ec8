import { Inject, Injectable } from '@nestjs/common';
import type { UnitOfWork } from '@scb/core';
import { WorkAssignmentRepository, type AssignedWorkItem } from '@scb/persistence';
import { UNIT_OF_WORK } from '@scb/platform';
import { WorkQueueProjector, type WorkQueueChangeRecorder } from '@scb/work-queues';
import { notHeld } from '../agent-work.errors';
import type { PutBackWorkCommand } from './put-back-work.command';

/**
 * Puts an item back in its queue (or `toQueue`, a transfer), where it keeps its age; the change
 * is recorded in the same unit of work, so its BullMQ job comes back once committed. Throws
 * `ConflictError` unless the agent holds the item.
 */
@Injectable()
export class PutBackWork {
  constructor(
    @Inject(UNIT_OF_WORK) private readonly uow: UnitOfWork,
    @Inject(WorkAssignmentRepository)
    private readonly assignments: Pick<WorkAssignmentRepository, 'release'>,
    @Inject(WorkQueueProjector) private readonly queueChanges: WorkQueueChangeRecorder,
  ) {}

  async execute(command: PutBackWorkCommand): Promise<AssignedWorkItem> {
    const item = await this.uow.run(async () => {
      const released = await this.assignments.release(
        command.itemId,
        command.agentId,
        command.toQueue,
      );
      if (released) await this.queueChanges.record([{ workItemId: released.id, fromQueue: null }]);
      return released;
    });
    if (!item) throw notHeld(command.itemId, command.agentId);
    return item;
  }
}
