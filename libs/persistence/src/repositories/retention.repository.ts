import type { Database } from '../database';
import { withSessionLock } from './advisory-locks';

/** The advisory lock that lets one replica prune at a time. */
const RETENTION_LOCK = 'scb:retention';

/**
 * Deletes rows past their retention bound, one bounded batch per call: each DELETE is its own
 * short statement (outside any unit of work) that picks at most `limit` of the oldest rows through
 * an index and skips rows another transaction has locked, so pruning never holds long locks nor
 * waits on the hot paths. The retention job calls it in a loop (see docs/reliability.md).
 */
export class RetentionRepository {
  constructor(private readonly db: Database) {}

  /**
   * Deletes up to `limit` outbox rows published before `before`. Pending rows (`published_at IS
   * NULL`) are never touched. Returns the number of rows deleted.
   */
  async deletePublishedOutbox(before: Date, limit: number): Promise<number> {
    const { affected } = await this.db.execute(
      `DELETE FROM outbox WHERE id IN (
         SELECT id FROM outbox WHERE published_at IS NOT NULL AND published_at < $1
          ORDER BY published_at LIMIT $2 FOR UPDATE SKIP LOCKED)`,
      [before, limit],
    );
    return affected;
  }

  /**
   * Deletes up to `limit` processed-event ids recorded before `before` (by `processed_at`, the
   * time the router first handled the event). Returns the number of rows deleted.
   */
  async deleteProcessedEvents(before: Date, limit: number): Promise<number> {
    // No surrogate key (the key is consumer + event id): the batch is picked by physical row id.
    const { affected } = await this.db.execute(
      `DELETE FROM processed_events WHERE ctid = ANY(ARRAY(
         SELECT ctid FROM processed_events WHERE processed_at < $1
          ORDER BY processed_at LIMIT $2 FOR UPDATE SKIP LOCKED))`,
      [before, limit],
    );
    return affected;
  }

  /**
   * Runs `work` only if no other replica is pruning (a session advisory lock); resolves to
   * `{ acquired: false }` without waiting otherwise.
   */
  exclusively<T>(
    work: () => Promise<T>,
  ): Promise<{ acquired: true; result: T } | { acquired: false }> {
    return withSessionLock(this.db.dataSource, RETENTION_LOCK, work);
  }
}
