import type { Principal } from '@scb/auth';
import type { AgentRepository } from '@scb/persistence';

/** A new agent, as the admin typed it; `actor` is audited with the change. */
export interface CreateAgentCommand {
  actor: Principal;
  agent: Parameters<AgentRepository['create']>[0];
}
