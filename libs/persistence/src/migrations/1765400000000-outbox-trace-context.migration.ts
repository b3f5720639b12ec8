import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The W3C traceparent of the work that wrote an outbox row (the matcher handling a mention), so
 * the relay publishes the case event in that trace, however late it gets to the row.
 */
export class OutboxTraceContext1765400000000 implements MigrationInterface {
  name = 'OutboxTraceContext1765400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outbox ADD COLUMN traceparent text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outbox DROP COLUMN traceparent`);
  }
}
