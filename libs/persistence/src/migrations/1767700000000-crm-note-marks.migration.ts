import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 19, agents' internal notes to the CRM: `crm_note_marks` records each case note already
 * written to a connector's CRM case as a non-public comment (or dead-lettered), as
 * `crm_comment_marks` does for posts; the outbound step sends the notes of linked cases that
 * have no mark yet. A separate table because a mark's key is a note, not an interaction.
 */
export class CrmNoteMarks1767700000000 implements MigrationInterface {
  name = 'CrmNoteMarks1767700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE crm_note_marks (
        connector text NOT NULL REFERENCES crm_connectors(name) ON DELETE CASCADE,
        note_id uuid NOT NULL REFERENCES case_notes(id) ON DELETE CASCADE,
        outcome text NOT NULL CHECK (outcome IN ('sent', 'dead-lettered')),
        crm_comment_id text,
        marked_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (connector, note_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE crm_note_marks`);
  }
}
