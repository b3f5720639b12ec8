import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 19, bounded outbound look-ups: `crm_connectors.outbound_watermark` is the point before
 * which the outbound step found nothing left to send (null: not yet, the look-ups start at
 * `outbound_since`). The look-ups read from the watermark minus an overlap; see
 * `CrmOutboundRepository` for why rows committed late are still found. The index lets the post
 * and note look-ups start from links made since the bound.
 */
export class CrmOutboundWatermark1767720000000 implements MigrationInterface {
  name = 'CrmOutboundWatermark1767720000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE crm_connectors ADD COLUMN outbound_watermark timestamptz`);
    await q.query(
      `CREATE INDEX crm_case_links_created_idx ON crm_case_links (connector, created_at)`,
    );
    await q.query(`CREATE INDEX case_notes_created_idx ON case_notes (created_at)`);
    // Brand replies by arrival (customers' posts have interactions_social_received_idx).
    await q.query(
      `CREATE INDEX interactions_social_out_received_idx ON interactions (received_at)
        WHERE channel = 'social' AND direction = 'outbound'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX interactions_social_out_received_idx`);
    await q.query(`DROP INDEX case_notes_created_idx`);
    await q.query(`DROP INDEX crm_case_links_created_idx`);
    await q.query(`ALTER TABLE crm_connectors DROP COLUMN outbound_watermark`);
  }
}
