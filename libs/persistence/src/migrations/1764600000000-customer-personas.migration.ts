import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Marks the customers the matcher made for unknown authors, so an identifier that later ties one
 * to another customer can merge them. Existing rows: a customer without a CRM id whose every
 * identity was observed on a platform (none imported, none inferred) and with no identifier on
 * file was made by the matcher.
 */
export class CustomerPersonas1764600000000 implements MigrationInterface {
  name = 'CustomerPersonas1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE customers ADD COLUMN persona boolean NOT NULL DEFAULT false`);
    await q.query(`
      UPDATE customers c SET persona = true
       WHERE c.crm_id IS NULL
         AND EXISTS (SELECT 1 FROM customer_identities i WHERE i.customer_id = c.id)
         AND NOT EXISTS (SELECT 1 FROM customer_identities i WHERE i.customer_id = c.id AND i.link <> 'observed')
         AND NOT EXISTS (SELECT 1 FROM customer_identifiers k WHERE k.customer_id = c.id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE customers DROP COLUMN persona`);
  }
}
