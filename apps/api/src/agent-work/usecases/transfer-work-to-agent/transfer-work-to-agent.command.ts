/** The holder (or their supervisor) hands an item straight to another agent. */
export interface TransferWorkToAgentCommand {
  itemId: string;
  agentId: string;
  toAgentId: string;
}
