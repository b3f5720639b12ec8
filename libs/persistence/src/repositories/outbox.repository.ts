import type { OutboxMessage, OutboxStore } from '@scb/core';
import type { Database } from '../database';

interface OutboxRow {
  id: string;
  topic: string;
  message_key: string;
  payload: unknown;
  created_at: Date;
  traceparent: string | null;
}

/**
 * Reads and marks the transactional outbox for the relay (`OutboxRelay` in `@scb/messaging`,
 * which owns the unit of work). Rows are written by the use cases' repositories
 * (`MentionCaseRepository.insertCaseEvents`) and pruned by the retention job.
 */
export class OutboxRepository implements OutboxStore {
  constructor(private readonly db: Database) {}

  /**
   * Pending rows in id order, `FOR UPDATE SKIP LOCKED`: several relays share the work, and a row
   * stays locked until the caller's unit of work ends (call it inside `Database.run`).
   */
  async claimPending(limit: number): Promise<OutboxMessage[]> {
    const rows = await this.db.rows<OutboxRow>(
      `SELECT id, topic, message_key, payload, created_at, traceparent FROM outbox
        WHERE published_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit],
    );
    return rows.map((r) => ({
      id: r.id,
      topic: r.topic,
      key: r.message_key,
      value: JSON.stringify(r.payload),
      createdAt: r.created_at,
      traceparent: r.traceparent,
    }));
  }

  async markPublished(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.db.execute(`UPDATE outbox SET published_at = now() WHERE id = ANY($1::bigint[])`, [
      ids,
    ]);
  }

  async pendingCount(): Promise<number> {
    const row = await this.db.one<{ n: string }>(
      `SELECT count(*) AS n FROM outbox WHERE published_at IS NULL`,
    );
    return Number(row?.n ?? 0);
  }
}
