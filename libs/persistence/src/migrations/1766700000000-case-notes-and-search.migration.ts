import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 12 (points 7 and 9): agents' internal notes on cases, and finding cases and customers.
 * Free text is searched through generated tsvector columns (kept current by Postgres on every
 * insert, edit and erasure of the text) with GIN indexes: post texts with the English
 * configuration (stemmed: "charged" finds "charge"), customer names with `simple` (names are not
 * stemmed). Handles are compared lower-cased without the `@`; cases are found by customer
 * whatever their status.
 */
export class CaseNotesAndSearch1766700000000 implements MigrationInterface {
  name = 'CaseNotesAndSearch1766700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE case_notes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases(id),
        author_kind text NOT NULL CHECK (author_kind IN ('user', 'api_key')),
        author_id text NOT NULL,
        author_name text NOT NULL,
        agent_id uuid REFERENCES agents(id),
        body text NOT NULL CHECK (length(body) BETWEEN 1 AND 4000),
        created_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX case_notes_case_idx ON case_notes (case_id, created_at)`);
    await q.query(`
      ALTER TABLE interactions
        ADD COLUMN search tsvector GENERATED ALWAYS AS (to_tsvector('english', text)) STORED`);
    await q.query(`CREATE INDEX interactions_search_idx ON interactions USING gin (search)`);
    await q.query(`
      ALTER TABLE customers
        ADD COLUMN search_name tsvector
          GENERATED ALWAYS AS (to_tsvector('simple', coalesce(display_name, ''))) STORED`);
    await q.query(`CREATE INDEX customers_search_name_idx ON customers USING gin (search_name)`);
    await q.query(
      `CREATE INDEX customer_identities_handle_idx ON customer_identities (lower(ltrim(handle, '@')))`,
    );
    await q.query(`CREATE INDEX cases_customer_idx ON cases (customer_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS cases_customer_idx`);
    await q.query(`DROP INDEX IF EXISTS customer_identities_handle_idx`);
    await q.query(`ALTER TABLE customers DROP COLUMN IF EXISTS search_name`);
    await q.query(`ALTER TABLE interactions DROP COLUMN IF EXISTS search`);
    await q.query(`DROP TABLE IF EXISTS case_notes`);
  }
}
