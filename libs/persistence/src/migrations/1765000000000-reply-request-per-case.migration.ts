import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A reply's `requestId` (the client's idempotency key) is unique per case, not across the
 * system: a key sent for one case can never return, or block, a reply of another case.
 */
export class ReplyRequestPerCase1765000000000 implements MigrationInterface {
  name = 'ReplyRequestPerCase1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE replies DROP CONSTRAINT replies_request_uq`);
    await q.query(
      `ALTER TABLE replies ADD CONSTRAINT replies_case_request_uq UNIQUE (case_id, request_id)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE replies DROP CONSTRAINT replies_case_request_uq`);
    await q.query(`ALTER TABLE replies ADD CONSTRAINT replies_request_uq UNIQUE (request_id)`);
  }
}
