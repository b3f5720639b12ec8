import type { Presence } from '@scb/routing';

/** The agent's new presence (available, busy, away, offline). */
export interface SetAgentPresenceCommand {
  agentId: string;
  presence: Presence;
}
