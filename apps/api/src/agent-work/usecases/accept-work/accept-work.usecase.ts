import { Inject, Injectable } from '@nestjs/common';
import type { UnitOfWork } from '@scb/core';
import { WorkAssignmentRepository, type AssignedWorkItem } from '@scb/persistence';
import { UNIT_OF_WORK } from '@scb/platform';
import { notHeld } from '../agent-work.errors';
import type { AcceptWorkCommand } from './accept-work.command';

/**
 * Marks a handed-out item accepted (idempotent: the first acceptance time stays), so the
 * abandoned-work sweeper leaves it with the agent. Throws `ConflictError` unless the agent holds it.
 */
@Injectable()
export class AcceptWork {
  constructor(
    @Inject(UNIT_OF_WORK) private readonly uow: UnitOfWork,
    @Inject(WorkAssignmentRepository)
    private readonly assignments: Pick<WorkAssignmentRepository, 'accept'>,
  ) {}

  async execute(command: AcceptWorkCommand): Promise<AssignedWorkItem> {
    const item = await this.uow.run(() => this.assignments.accept(command.itemId, command.agentId));
    if (!item) throw notHeld(command.itemId, command.agentId);
    return item;
  }
}
