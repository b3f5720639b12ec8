/** Whose held work to list. */
export interface ListHeldWorkCommand {
  agentId: string;
}
