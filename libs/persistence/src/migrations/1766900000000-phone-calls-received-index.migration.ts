import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The live feed's `call` events read inbound phone calls by the time they reached us, as its
 * `mention` events read social posts (`interactions_social_received_idx`): without this partial
 * index each poll would scan the interactions.
 */
export class PhoneCallsReceivedIndex1766900000000 implements MigrationInterface {
  name = 'PhoneCallsReceivedIndex1766900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX interactions_phone_received_idx ON interactions (received_at)
        WHERE channel = 'phone' AND direction = 'inbound'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX interactions_phone_received_idx`);
  }
}
