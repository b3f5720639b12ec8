import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 13 (platform fidelity):
 * - `interactions.revisions`: the earlier texts of an edited post, oldest first
 *   (`[{ text, revisionId, replacedAt }]`), so an edit updates the interaction and keeps history;
 *   `edited_at` / `removed_at` when the platform said the post was edited / deleted (the text is
 *   kept for the audit).
 * - `source_read_usage`: X posts read per poller and calendar month (X bills per post read).
 */
export class PlatformFidelity1765200000000 implements MigrationInterface {
  name = 'PlatformFidelity1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE interactions
        ADD COLUMN revisions jsonb NOT NULL DEFAULT '[]',
        ADD COLUMN edited_at timestamptz,
        ADD COLUMN removed_at timestamptz`);
    await q.query(`
      CREATE TABLE source_read_usage (
        source text NOT NULL,
        month text NOT NULL CHECK (month ~ '^\\d{4}-\\d{2}$'),
        reads bigint NOT NULL DEFAULT 0 CHECK (reads >= 0),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (source, month)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS source_read_usage`);
    await q.query(
      `ALTER TABLE interactions DROP COLUMN removed_at, DROP COLUMN edited_at, DROP COLUMN revisions`,
    );
  }
}
