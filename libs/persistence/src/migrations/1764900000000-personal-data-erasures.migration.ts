import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The record of personal-data erasures: who asked, when, and how much was erased. It holds no
 * personal data itself (the customer id is our own random key, not the person's).
 */
export class PersonalDataErasures1764900000000 implements MigrationInterface {
  name = 'PersonalDataErasures1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE personal_data_erasures (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        customer_id uuid NOT NULL REFERENCES customers(id),
        requested_by text NOT NULL,
        erased_at timestamptz NOT NULL DEFAULT now(),
        erased jsonb NOT NULL
      )`);
    await q.query(
      `CREATE INDEX personal_data_erasures_customer_idx ON personal_data_erasures (customer_id)`,
    );
    await q.query(`ALTER TABLE customers ADD COLUMN erased_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE customers DROP COLUMN erased_at`);
    await q.query(`DROP TABLE personal_data_erasures`);
  }
}
