import { Inject, Injectable } from '@nestjs/common';
import { ConflictError } from '@scb/core';
import type { AssignedWorkItem } from '@scb/persistence';
import { ClaimNextWork } from '@scb/work-queues';
import { unknownAgent } from '../agent-work.errors';
import type { TakeNextWorkCommand } from './take-next-work.command';

/**
 * Hands the agent the best waiting item that fits them (`ClaimNextWork` decides, in its own unit
 * of work). Resolves to null when nothing fits; throws `NotFoundError` for an unknown agent and
 * `ConflictError` (with the capacity rule's reason) when the agent cannot take work now.
 */
@Injectable()
export class TakeNextWork {
  constructor(@Inject(ClaimNextWork) private readonly claimNext: Pick<ClaimNextWork, 'execute'>) {}

  async execute(command: TakeNextWorkCommand): Promise<AssignedWorkItem | null> {
    const result = await this.claimNext.execute({ agentId: command.agentId });
    switch (result.kind) {
      case 'unknown-agent':
        throw unknownAgent(command.agentId);
      case 'refused':
        throw new ConflictError(result.reason);
      case 'empty':
        return null;
      case 'assigned':
        return result.item;
    }
  }
}
