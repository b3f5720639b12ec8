import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the web console reads often: mentions by the time they reached us (dashboard ranges, the
 * live feed's polls), a case's latest work item (the queue a mention went to), and the router's
 * processed events by interaction (post → queue times).
 */
export class ConsoleReadIndexes1764800000000 implements MigrationInterface {
  name = 'ConsoleReadIndexes1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX interactions_social_received_idx ON interactions (received_at)
        WHERE channel = 'social' AND direction = 'inbound'`,
    );
    await q.query(
      `CREATE INDEX work_items_case_latest_idx ON work_items (case_id, created_at DESC)`,
    );
    await q.query(
      `CREATE INDEX processed_events_interaction_idx ON processed_events (interaction_id)
        WHERE interaction_id IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX processed_events_interaction_idx`);
    await q.query(`DROP INDEX work_items_case_latest_idx`);
    await q.query(`DROP INDEX interactions_social_received_idx`);
  }
}
