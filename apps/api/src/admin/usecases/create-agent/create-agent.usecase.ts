import { Inject, Injectable } from '@nestjs/common';
import { AgentRepository, type Agent } from '@scb/persistence';
import { AuditTrail } from '../../../audit/audit-trail';
import type { CreateAgentCommand } from './create-agent.command';

/** Creates an agent and its audit entry in one unit of work. */
@Injectable()
export class CreateAgent {
  constructor(
    @Inject(AgentRepository) private readonly agents: Pick<AgentRepository, 'create'>,
    private readonly audit: AuditTrail,
  ) {}

  execute(command: CreateAgentCommand): Promise<Agent> {
    return this.audit.change(command.actor, { entity: 'agent', action: 'create' }, async () => {
      const agent = await this.agents.create(command.agent);
      return { result: agent, entityId: agent.id, after: agent };
    });
  }
}
