import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 17: posts are indexed for full-text search in the insert that stores them.
 * `interactions.search` becomes `GENERATED ALWAYS AS (to_tsvector('english', text)) STORED`
 * with a plain GIN index; the api's search indexer, the partial index of pending posts and the
 * trigger that nulled `search` on edits are gone (an edit or an erasure recomputes the column in
 * its own UPDATE).
 *
 * Why: the deferred design (CaseNotesAndSearch1766700000000) kept `to_tsvector` off the
 * matcher's insert, but the indexer's UPDATE then wrote a second version of every post, with
 * its payload and every index entry (about 2.2 kB of WAL a post, more than the insert itself),
 * and left a dead row for vacuum. The work was moved, not removed: on the two cores that carry
 * the whole pipeline the indexer competed with the matcher for the same CPU. Measured in
 * docs/performance.md ("search in the insert").
 *
 * Deploying: dropping and adding the column rewrites `interactions` under an ACCESS EXCLUSIVE
 * lock (minutes on a large table): run it in a maintenance window, or before upgrading add the
 * new column and index by hand on a copy. Search is complete the moment the migration commits:
 * nothing waits to be indexed.
 */
export class SearchOnInsert1767850000000 implements MigrationInterface {
  name = 'SearchOnInsert1767850000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER IF EXISTS interactions_search_stale ON interactions`);
    await q.query(`DROP FUNCTION IF EXISTS interactions_search_stale()`);
    await q.query(`DROP INDEX IF EXISTS interactions_search_pending_idx`);
    await q.query(`DROP INDEX IF EXISTS interactions_search_idx`);
    await q.query(`ALTER TABLE interactions DROP COLUMN search`);
    await q.query(`
      ALTER TABLE interactions
        ADD COLUMN search tsvector GENERATED ALWAYS AS (to_tsvector('english', text)) STORED`);
    await q.query(`CREATE INDEX interactions_search_idx ON interactions USING gin (search)`);
  }

  /** Back to the deferred design: every post is pending again (the old indexer re-indexes it). */
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS interactions_search_idx`);
    await q.query(`ALTER TABLE interactions DROP COLUMN search`);
    await q.query(`ALTER TABLE interactions ADD COLUMN search tsvector`);
    await q.query(
      `CREATE INDEX interactions_search_idx ON interactions USING gin (search) WHERE search IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX interactions_search_pending_idx ON interactions (id) WHERE search IS NULL`,
    );
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
  }
}
