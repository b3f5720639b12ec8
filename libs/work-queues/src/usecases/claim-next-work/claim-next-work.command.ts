/** An agent asking for the next work item. */
export interface ClaimNextWorkCommand {
  agentId: string;
}
