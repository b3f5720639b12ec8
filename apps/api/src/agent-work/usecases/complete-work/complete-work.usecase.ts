import { Inject, Injectable } from '@nestjs/common';
import { WorkAssignmentRepository, type AssignedWorkItem } from '@scb/persistence';
import { SlaClock } from '@scb/work-queues';
import { notHeld } from '../agent-work.errors';
import type { CompleteWorkCommand } from './complete-work.command';

/**
 * Completes the item and resolves its case (one statement, so both or neither: no unit of work
 * and its BEGIN/COMMIT round trips on the hand-out path), then stops its SLA timers (once
 * committed: a timer firing late finds the item completed). Throws `ConflictError` unless the
 * agent holds the item.
 */
@Injectable()
export class CompleteWork {
  constructor(
    @Inject(WorkAssignmentRepository)
    private readonly assignments: Pick<WorkAssignmentRepository, 'complete'>,
    @Inject(SlaClock) private readonly sla: Pick<SlaClock, 'stop'>,
  ) {}

  async execute(command: CompleteWorkCommand): Promise<AssignedWorkItem> {
    const item = await this.assignments.complete(
      command.itemId,
      command.agentId,
      command.resolutionCode,
    );
    if (!item) throw notHeld(command.itemId, command.agentId);
    await this.sla.stop(item.id, ['firstResponse', 'resolution']);
    return item;
  }
}
