import { Inject, Injectable } from '@nestjs/common';
import type { UnitOfWork } from '@scb/core';
import { AgentRepository, WorkAssignmentRepository, type AssignedWorkItem } from '@scb/persistence';
import { UNIT_OF_WORK } from '@scb/platform';
import { notHeld, unknownAgent } from '../agent-work.errors';
import type { TransferWorkToAgentCommand } from './transfer-work-to-agent.command';

/**
 * Hands an item to another agent, who must accept it anew (it stays out of the queues, so
 * nothing changes in BullMQ). Throws `NotFoundError` when the receiving agent does not exist,
 * `ConflictError` when the giving agent does not hold the item.
 */
@Injectable()
export class TransferWorkToAgent {
  constructor(
    @Inject(UNIT_OF_WORK) private readonly uow: UnitOfWork,
    @Inject(WorkAssignmentRepository)
    private readonly assignments: Pick<WorkAssignmentRepository, 'transferToAgent'>,
    @Inject(AgentRepository) private readonly agents: Pick<AgentRepository, 'find'>,
  ) {}

  async execute(command: TransferWorkToAgentCommand): Promise<AssignedWorkItem> {
    const { itemId, agentId, toAgentId } = command;
    const item = await this.uow.run(async () => {
      const moved = await this.assignments.transferToAgent(itemId, agentId, toAgentId);
      // Only when the hand-over failed: which of the two reasons to report.
      if (!moved && !(await this.agents.find(toAgentId))) throw unknownAgent(toAgentId);
      return moved;
    });
    if (!item) throw notHeld(itemId, agentId);
    return item;
  }
}
