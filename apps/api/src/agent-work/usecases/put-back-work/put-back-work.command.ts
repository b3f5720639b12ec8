/** The holder (or their supervisor) gives an item back: to its queue, or to `toQueue`. */
export interface PutBackWorkCommand {
  itemId: string;
  agentId: string;
  toQueue?: string;
}
