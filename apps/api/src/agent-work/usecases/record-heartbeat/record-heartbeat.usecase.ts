import { Inject, Injectable } from '@nestjs/common';
import type { UnitOfWork } from '@scb/core';
import { AgentRepository } from '@scb/persistence';
import { UNIT_OF_WORK } from '@scb/platform';
import { unknownAgent } from '../agent-work.errors';
import type { RecordHeartbeatCommand } from './record-heartbeat.command';

/**
 * Records that the agent is still there, so the sweeper leaves their unaccepted work with them.
 * Throws `NotFoundError` for an unknown agent.
 */
@Injectable()
export class RecordHeartbeat {
  constructor(
    @Inject(UNIT_OF_WORK) private readonly uow: UnitOfWork,
    @Inject(AgentRepository) private readonly agents: Pick<AgentRepository, 'heartbeat'>,
  ) {}

  async execute(command: RecordHeartbeatCommand): Promise<void> {
    if (!(await this.uow.run(() => this.agents.heartbeat(command.agentId))))
      throw unknownAgent(command.agentId);
  }
}
