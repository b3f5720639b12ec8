import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 12 (points 5 and 6): merged cases and follow-ups.
 *
 * A merged case keeps its rows (interactions, notes, replies stay where they were written, so
 * its own history and audit remain intact); it takes the status `merged` and names its
 * survivor in `merged_into`, with who merged it and when (the survivor's timeline shows the
 * event from these columns). `merged_into` always names a survivor that is not itself merged:
 * a merge re-points the cases merged into the case it merges away, so one hop is enough for
 * the matcher's look-ups. `status = 'merged'` keeps every existing `status = 'open'` /
 * `'resolved'` query (and their partial indexes) blind to merged cases.
 *
 * `follows_case_id`: the earlier (resolved) case a follow-up continues; its timeline shows the
 * earlier case's history.
 */
export class CaseMergeAndFollowUps1766850000000 implements MigrationInterface {
  name = 'CaseMergeAndFollowUps1766850000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE cases DROP CONSTRAINT IF EXISTS cases_status_check`);
    await q.query(`
      ALTER TABLE cases
        ADD CONSTRAINT cases_status_check CHECK (status IN ('open', 'resolved', 'merged')),
        ADD COLUMN merged_into uuid REFERENCES cases(id),
        ADD COLUMN merged_at timestamptz,
        ADD COLUMN merged_by text,
        ADD COLUMN follows_case_id uuid REFERENCES cases(id),
        ADD CONSTRAINT cases_merged_consistent_ck
          CHECK ((status = 'merged') = (merged_into IS NOT NULL) AND (merged_into IS NULL OR merged_at IS NOT NULL)),
        ADD CONSTRAINT cases_not_merged_into_itself_ck CHECK (merged_into IS DISTINCT FROM id),
        ADD CONSTRAINT cases_not_following_itself_ck CHECK (follows_case_id IS DISTINCT FROM id)`);
    await q.query(
      `CREATE INDEX cases_merged_into_idx ON cases (merged_into) WHERE merged_into IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX cases_follows_case_idx ON cases (follows_case_id) WHERE follows_case_id IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS cases_follows_case_idx`);
    await q.query(`DROP INDEX IF EXISTS cases_merged_into_idx`);
    await q.query(
      `UPDATE cases SET status = 'resolved', resolved_at = merged_at WHERE status = 'merged'`,
    );
    await q.query(`
      ALTER TABLE cases
        DROP CONSTRAINT IF EXISTS cases_not_following_itself_ck,
        DROP CONSTRAINT IF EXISTS cases_not_merged_into_itself_ck,
        DROP CONSTRAINT IF EXISTS cases_merged_consistent_ck,
        DROP COLUMN IF EXISTS follows_case_id,
        DROP COLUMN IF EXISTS merged_by,
        DROP COLUMN IF EXISTS merged_at,
        DROP COLUMN IF EXISTS merged_into,
        DROP CONSTRAINT IF EXISTS cases_status_check`);
    await q.query(
      `ALTER TABLE cases ADD CONSTRAINT cases_status_check CHECK (status IN ('open', 'resolved'))`,
    );
  }
}
