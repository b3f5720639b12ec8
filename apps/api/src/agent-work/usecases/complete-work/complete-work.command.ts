/** The holder finishes an item, with the resolution code they chose. */
export interface CompleteWorkCommand {
  itemId: string;
  agentId: string;
  resolutionCode: string;
}
