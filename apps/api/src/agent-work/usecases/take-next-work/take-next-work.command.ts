/** The agent asking for the next item that fits them. */
export interface TakeNextWorkCommand {
  agentId: string;
}
