import { Inject, Injectable } from '@nestjs/common';
import type { UnitOfWork } from '@scb/core';
import { WorkAssignmentRepository, type AssignedWorkItem } from '@scb/persistence';
import { UNIT_OF_WORK } from '@scb/platform';
import { SlaClock } from '@scb/work-queues';
import { notHeld } from '../agent-work.errors';
import type { CompleteWorkCommand } from './complete-work.command';

/**
 * Completes the item and resolves its case in one unit of work, then stops its SLA timers (once
 * committed: a timer firing late finds the item completed). Throws `ConflictError` unless the
 * agent holds the item.
 */
@Injectable()
export class CompleteWork {
  constructor(
    @Inject(UNIT_OF_WORK) private readonly uow: UnitOfWork,
    @Inject(WorkAssignmentRepository)
    private readonly assignments: Pick<WorkAssignmentRepository, 'complete'>,
    @Inject(SlaClock) private readonly sla: Pick<SlaClock, 'stop'>,
  ) {}

  async execute(command: CompleteWorkCommand): Promise<AssignedWorkItem> {
    const item = await this.uow.run(() =>
      this.assignments.complete(command.itemId, command.agentId, command.resolutionCode),
    );
    if (!item) throw notHeld(command.itemId, command.agentId);
    await this.sla.stop(item.id, ['firstResponse', 'resolution']);
    return item;
  }
}
