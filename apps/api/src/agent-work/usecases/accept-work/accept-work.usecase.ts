import { Inject, Injectable } from '@nestjs/common';
import type { UnitOfWork } from '@scb/core';
import { WorkAssignmentRepository, type AssignedWorkItem } from '@scb/persistence';
import { UNIT_OF_WORK } from '@scb/platform';
import { SlaClock } from '@scb/work-queues';
import { notHeld } from '../agent-work.errors';
import type { AcceptWorkCommand } from './accept-work.command';

/**
 * Marks a handed-out item accepted (idempotent: the first acceptance time stays), so the
 * abandoned-work sweeper leaves it with the agent. Accepting a phone item answers the call: its
 * first response is recorded in the same unit and its first-response SLA clock stopped after
 * the commit (as a social item's first reply does), so an answered call never breaches first
 * response. Throws `ConflictError` unless the agent holds it.
 */
@Injectable()
export class AcceptWork {
  constructor(
    @Inject(UNIT_OF_WORK) private readonly uow: UnitOfWork,
    @Inject(WorkAssignmentRepository)
    private readonly assignments: Pick<WorkAssignmentRepository, 'accept'>,
    @Inject(SlaClock) private readonly sla: Pick<SlaClock, 'stop'>,
  ) {}

  async execute(command: AcceptWorkCommand): Promise<AssignedWorkItem> {
    const item = await this.uow.run(() => this.assignments.accept(command.itemId, command.agentId));
    if (!item) throw notHeld(command.itemId, command.agentId);
    // Stopping twice is harmless (a timer that is gone is skipped); the fired stage also checks
    // firstRespondedAt, so a timer that slips through records nothing.
    if (item.channel === 'phone' && item.sla.firstRespondedAt)
      await this.sla.stop(item.id, ['firstResponse']);
    return item;
  }
}
