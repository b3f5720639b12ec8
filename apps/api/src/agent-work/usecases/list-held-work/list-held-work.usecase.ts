import { Inject, Injectable } from '@nestjs/common';
import { listEnvelope, type ListEnvelope } from '@scb/contracts';
import { AgentRepository, WorkAssignmentRepository, type AssignedWorkItem } from '@scb/persistence';
import { unknownAgent } from '../agent-work.errors';
import type { ListHeldWorkCommand } from './list-held-work.command';

/**
 * What the agent holds (oldest hand-out first, with the updates that reached each case), as one
 * unpaged list. A read: no unit of work. Throws `NotFoundError` for an unknown agent.
 */
@Injectable()
export class ListHeldWork {
  constructor(
    @Inject(AgentRepository) private readonly agents: Pick<AgentRepository, 'find'>,
    @Inject(WorkAssignmentRepository)
    private readonly assignments: Pick<WorkAssignmentRepository, 'heldBy'>,
  ) {}

  async execute(command: ListHeldWorkCommand): Promise<ListEnvelope<AssignedWorkItem>> {
    if (!(await this.agents.find(command.agentId))) throw unknownAgent(command.agentId);
    return listEnvelope(await this.assignments.heldBy(command.agentId), 'all');
  }
}
