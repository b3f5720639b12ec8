/** The agent's client says the agent is still there. */
export interface RecordHeartbeatCommand {
  agentId: string;
}
