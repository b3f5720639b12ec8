import { Inject, Injectable } from '@nestjs/common';
import type { UnitOfWork } from '@scb/core';
import { AgentRepository, type Agent } from '@scb/persistence';
import { UNIT_OF_WORK } from '@scb/platform';
import { unknownAgent } from '../agent-work.errors';
import { ReturnAbandonedWork } from '../return-abandoned-work/return-abandoned-work.usecase';
import type { SetAgentPresenceCommand } from './set-agent-presence.command';

/**
 * Sets the agent's presence (which counts as a heartbeat). Going offline returns what was handed
 * out but not yet accepted, once the presence is committed. Throws `NotFoundError` for an
 * unknown agent.
 */
@Injectable()
export class SetAgentPresence {
  constructor(
    @Inject(UNIT_OF_WORK) private readonly uow: UnitOfWork,
    @Inject(AgentRepository) private readonly agents: Pick<AgentRepository, 'setPresence'>,
    @Inject(ReturnAbandonedWork)
    private readonly returnAbandoned: Pick<ReturnAbandonedWork, 'execute'>,
  ) {}

  async execute(command: SetAgentPresenceCommand): Promise<Agent> {
    const agent = await this.uow.run(() =>
      this.agents.setPresence(command.agentId, command.presence),
    );
    if (!agent) throw unknownAgent(command.agentId);
    if (command.presence === 'offline') await this.returnAbandoned.execute();
    return agent;
  }
}
