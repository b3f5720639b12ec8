import { SetMetadata } from '@nestjs/common';

export const OWN_AGENT_KEY = 'scb:own-agent';

/** Where a route names the agent it acts for: a path parameter or a field of the JSON body. */
export type AgentIdLocation = { param: string } | { body: string };

/**
 * A caller with role agent may use this route only for the agent they are linked to (other roles
 * allowed by `@Roles` are not restricted by it).
 */
export const OwnAgent = (location: AgentIdLocation) => SetMetadata(OWN_AGENT_KEY, location);
