import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 17: two indexes the matcher paid for on every mention and no query needs.
 *
 * - `interactions_search_idx` becomes partial (`WHERE search IS NOT NULL`). Posts are inserted
 *   with `search` NULL (the api's search indexer fills it later, CaseNotesAndSearch1766700000000),
 *   and GIN files every NULL as an entry of its pending list, a meta-page every inserting backend
 *   locks. `search @@ query` is strict, so it implies `search IS NOT NULL` and the search still
 *   uses the index (EXPLAIN in docs/performance.md, "branch perf-pg").
 * - `outbox_event_uq` is dropped. Nothing reads the outbox by `event_id` (the relay claims by id),
 *   every event id is a fresh random uuid written once (a redelivered batch writes no event: the
 *   posts are unique in `interactions`), and consumers deduplicate on the id themselves
 *   (`processed_events`). It cost an index entry at the insert and another at the (non-HOT)
 *   `published_at` update of every event.
 *
 * Plain (not CONCURRENTLY) like the other index migrations: the migration runs in a transaction.
 * `down` restores both (the constraint fails if duplicate event ids were written meanwhile).
 */
export class MatcherWriteIndexes1767820000000 implements MigrationInterface {
  name = 'MatcherWriteIndexes1767820000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX interactions_search_idx`);
    await q.query(
      `CREATE INDEX interactions_search_idx ON interactions USING gin (search) WHERE search IS NOT NULL`,
    );
    await q.query(`ALTER TABLE outbox DROP CONSTRAINT outbox_event_uq`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outbox ADD CONSTRAINT outbox_event_uq UNIQUE (event_id)`);
    await q.query(`DROP INDEX interactions_search_idx`);
    await q.query(`CREATE INDEX interactions_search_idx ON interactions USING gin (search)`);
  }
}
