import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 17: posts are indexed for full-text search in the statement that stores them. A
 * `BEFORE INSERT OR UPDATE OF text, search` trigger sets `interactions.search` to
 * `to_tsvector('english', text)`, so a post is findable the moment it is stored, an edit or an
 * erasure re-indexes in its own UPDATE, and a direct write of `search` is recomputed from the
 * text (it cannot go stale). The api's search indexer is gone from the code.
 *
 * Why: the deferred design (CaseNotesAndSearch1766700000000) kept `to_tsvector` off the
 * matcher's insert, but the indexer's UPDATE then wrote a second version of every post, with
 * its payload and every index entry (about 2.2 kB of WAL a post, more than the insert itself),
 * and left a dead row for vacuum: the work was moved, not removed, and on the two cores that
 * carry the whole pipeline it competed with the matcher. Measured in docs/performance.md
 * (session 8, "search in the insert").
 *
 * Why a trigger and not a generated column (4-11% cheaper in the insert): the migration must
 * leave the previous release working while both run side by side and after a rollback
 * (docs/operations.md, Upgrade). Its indexer runs `UPDATE … SET search = …` every second, which
 * Postgres refuses for a generated column; with the trigger it finds nothing pending (the
 * partial index `interactions_search_pending_idx` stays, empty and free, for it until a later
 * release drops it with the column's NULL meaning) and stays quiet. No table rewrite: the
 * trigger is created under a brief lock, and only posts still pending are indexed here.
 */
export class SearchOnInsert1767850000000 implements MigrationInterface {
  name = 'SearchOnInsert1767850000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER IF EXISTS interactions_search_stale ON interactions`);
    await q.query(`DROP FUNCTION IF EXISTS interactions_search_stale()`);
    await q.query(`
      CREATE FUNCTION interactions_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.search := to_tsvector('english', NEW.text);
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER interactions_search_vector BEFORE INSERT OR UPDATE OF text, search
        ON interactions FOR EACH ROW EXECUTE FUNCTION interactions_search_vector()`);
    // Posts the indexer had not reached yet (found through the partial index).
    await q.query(
      `UPDATE interactions SET search = to_tsvector('english', text) WHERE search IS NULL`,
    );
  }

  /** Back to the deferred design; every post keeps its vector (the old indexer finds none). */
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER IF EXISTS interactions_search_vector ON interactions`);
    await q.query(`DROP FUNCTION IF EXISTS interactions_search_vector()`);
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
