import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 12 (points 7 and 9): agents' internal notes on cases, and finding cases and customers.
 * Free text is searched through tsvector columns with GIN indexes: post texts with the English
 * configuration (stemmed: "charged" finds "charge"), customer names with `simple` (names are not
 * stemmed). Handles are compared lower-cased without the `@`; cases are found by customer
 * whatever their status.
 *
 * `interactions.search` is filled AFTER the insert, by the api's search indexer (issue 17: a
 * generated column made the matcher's inserts 6-10x slower): NULL means "not indexed yet", a
 * partial index keeps those rows cheap to find, and a trigger nulls it again when the text
 * changes (edits, erasure), so the indexer re-indexes the row. Existing rows start NULL and are
 * indexed in the background (no table rewrite at migration time). `customers.search_name` stays
 * generated: customers are inserted rarely (measured in docs/architecture.md).
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
    await q.query(`ALTER TABLE interactions ADD COLUMN search tsvector`);
    await q.query(`CREATE INDEX interactions_search_idx ON interactions USING gin (search)`);
    await q.query(
      `CREATE INDEX interactions_search_pending_idx ON interactions (id) WHERE search IS NULL`,
    );
    // Only when the text really changes: the indexer's own UPDATE (of search) never fires it.
    await q.query(`
      CREATE FUNCTION interactions_search_stale() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.search := NULL;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER interactions_search_stale BEFORE UPDATE OF text ON interactions
        FOR EACH ROW WHEN (OLD.text IS DISTINCT FROM NEW.text)
        EXECUTE FUNCTION interactions_search_stale()`);
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
    await q.query(`DROP TRIGGER IF EXISTS interactions_search_stale ON interactions`);
    await q.query(`DROP FUNCTION IF EXISTS interactions_search_stale()`);
    await q.query(`ALTER TABLE interactions DROP COLUMN IF EXISTS search`);
    await q.query(`DROP TABLE IF EXISTS case_notes`);
  }
}
