import type { Database } from '../database';

/** The port of the search indexer: index a batch of pending posts, count what is pending. */
export interface SearchIndex {
  /**
   * Indexes up to `limit` posts whose `search` is NULL (new, or text changed since) in one
   * statement; returns how many it indexed (0 when none is pending or all are being indexed by
   * another indexer).
   */
  indexBatch(limit: number): Promise<number>;
  /** Posts not indexed yet (the indexer's backlog), counted on the partial index. */
  pending(): Promise<number>;
}

/**
 * Fills `interactions.search` after the insert, off the matcher's path (migration
 * CaseNotesAndSearch1766700000000). One UPDATE per batch: the pending rows are taken from the
 * partial index in id order and locked with SKIP LOCKED, so several indexers (one per api
 * replica) split the work without doing a row twice and never wait on each other or on a
 * writer; a row whose text changes while it waits is re-read under its lock (READ COMMITTED
 * re-checks `search IS NULL` and reads the latest text), and an edit after the batch nulls
 * `search` again through the trigger, so the edited text is indexed next time.
 */
export class SearchIndexRepository implements SearchIndex {
  constructor(private readonly db: Database) {}

  async indexBatch(limit: number): Promise<number> {
    const { affected } = await this.db.execute(
      `WITH batch AS (
         SELECT id FROM interactions WHERE search IS NULL
          ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED)
       UPDATE interactions i SET search = to_tsvector('english', i.text)
         FROM batch WHERE i.id = batch.id`,
      [limit],
    );
    return affected;
  }

  async pending(): Promise<number> {
    const row = await this.db.one<{ n: string }>(
      `SELECT count(*) AS n FROM interactions WHERE search IS NULL`,
    );
    return Number(row?.n ?? 0);
  }
}
