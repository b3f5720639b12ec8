/** One event waiting in the transactional outbox, as the relay publishes it. */
export interface OutboxMessage {
  /** The row's id (bigint as text); the relay publishes in this order. */
  id: string;
  topic: string;
  key: string;
  /** The payload as JSON text. */
  value: string;
  /** When the row was written (with the state it describes); the relay latency starts here. */
  createdAt: Date;
  /** W3C traceparent of the work that wrote the row, when it was traced. */
  traceparent: string | null;
}

/**
 * The transactional outbox as the relay sees it (the persistence adapter's `OutboxRepository`
 * implements it): events are written in the same unit of work as the state they describe and
 * published afterwards, so a crash can delay an event but never lose it.
 */
export interface OutboxStore {
  /**
   * Up to `limit` pending messages in id order, locked for the current unit of work (rows another
   * relay holds are skipped). Call inside `UnitOfWork.run`, so the lock lasts until
   * `markPublished` commits or the unit rolls back.
   */
  claimPending(limit: number): Promise<OutboxMessage[]>;
  /** Marks the messages with these ids published (now). */
  markPublished(ids: readonly string[]): Promise<void>;
  /** How many messages are not published yet (the backlog gauge). */
  pendingCount(): Promise<number>;
}
