import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes the retention job (`RetentionRepository`) walks: published outbox rows by publication
 * time and processed-event ids by processing time, so each bounded batch finds its oldest rows
 * without scanning the table. The outbox index is partial: pending rows are never pruned.
 */
export class RetentionIndexes1766200000000 implements MigrationInterface {
  name = 'RetentionIndexes1766200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX outbox_published_at_idx ON outbox (published_at) WHERE published_at IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX processed_events_processed_at_idx ON processed_events (processed_at)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX processed_events_processed_at_idx`);
    await q.query(`DROP INDEX outbox_published_at_idx`);
  }
}
