/** The holder of a handed-out item says they work on it. */
export interface AcceptWorkCommand {
  itemId: string;
  agentId: string;
}
