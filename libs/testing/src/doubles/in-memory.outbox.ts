import type { OutboxMessage, OutboxStore } from '@scb/core';

/**
 * The outbox for unit tests of the relay: messages are pending until `markPublished`; a claim
 * changes nothing, so a unit of work that fails after claiming leaves them pending, as a
 * rolled-back transaction does.
 */
export class InMemoryOutbox implements OutboxStore {
  private readonly pending = new Map<string, OutboxMessage>();
  private nextId = 1;
  /** Ids marked published, in order. */
  readonly published: string[] = [];
  /** Number of `claimPending` calls. */
  claims = 0;

  /** Writes a message as a use case's unit of work would; returns its id. */
  add(message: Partial<OutboxMessage> & Pick<OutboxMessage, 'topic' | 'key'>): string {
    const id = String(this.nextId++);
    this.pending.set(id, {
      id,
      value: '{}',
      createdAt: new Date(0),
      traceparent: null,
      ...message,
    });
    return id;
  }

  async claimPending(limit: number): Promise<OutboxMessage[]> {
    this.claims += 1;
    return [...this.pending.values()].slice(0, limit);
  }

  async markPublished(ids: readonly string[]): Promise<void> {
    for (const id of ids) if (this.pending.delete(id)) this.published.push(id);
  }

  async pendingCount(): Promise<number> {
    return this.pending.size;
  }
}
