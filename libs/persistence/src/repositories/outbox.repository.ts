import type { DataSource } from 'typeorm';

export interface OutboxMessage {
  id: string;
  topic: string;
  key: string;
  value: string;
  /** When the row was written (with the state it describes); the relay latency starts here. */
  createdAt: Date;
  /** W3C traceparent of the work that wrote the row, when it was traced. */
  traceparent: string | null;
}

/**
 * The transactional outbox: events are written in the same transaction as the state they
 * describe and published afterwards, so a crash can delay an event but never lose it.
 */
export class OutboxRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Claims up to `limit` pending messages, hands them to `publish` (which must resolve only once
   * the broker has them) and marks them published in the same transaction. SKIP LOCKED lets
   * several relays share the work; a failed publish leaves the rows pending for the next try.
   */
  async publishPending(
    limit: number,
    publish: (messages: OutboxMessage[]) => Promise<void>,
  ): Promise<number> {
    return this.dataSource.transaction(async (tx) => {
      const rows: Array<{
        id: string;
        topic: string;
        message_key: string;
        payload: unknown;
        created_at: Date;
        traceparent: string | null;
      }> = await tx.query(
        `SELECT id, topic, message_key, payload, created_at, traceparent FROM outbox
          WHERE published_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [limit],
      );
      if (rows.length === 0) return 0;
      await publish(
        rows.map((r) => ({
          id: r.id,
          topic: r.topic,
          key: r.message_key,
          value: JSON.stringify(r.payload),
          createdAt: r.created_at,
          traceparent: r.traceparent,
        })),
      );
      await tx.query(`UPDATE outbox SET published_at = now() WHERE id = ANY($1::bigint[])`, [
        rows.map((r) => r.id),
      ]);
      return rows.length;
    });
  }

  async pendingCount(): Promise<number> {
    const [row]: Array<{ n: string }> = await this.dataSource.query(
      `SELECT count(*) AS n FROM outbox WHERE published_at IS NULL`,
    );
    return Number(row.n);
  }
}
