import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 19 (live two-way CRM sync):
 * - `crm_connectors`: one row per configured CRM connector: its kind, settings (no secrets),
 *   field ownership, credentials (AES-256-GCM ciphertext, never read back by the API), state,
 *   the inbound change cursor (stored only after its changes were applied), the first full sync's
 *   progress, and the last success and error.
 * - `crm_case_links`: which CRM case is which of our cases, per connector, with the status both
 *   sides held at the last sync (the base of the status conflict rule), who opened it, and the
 *   CRM's `updatedAt` of the newest change applied (a re-read older change is skipped).
 * - `crm_comment_marks`: interactions (mentions and brand replies) already written to the CRM
 *   as comments, or dead-lettered; the outbound pass sends what has no mark yet.
 * - `crm_dead_letters`: records the CRM refused, with its own code and reason.
 * - `crm_conflicts`: status conflicts (both sides changed the status) and how they were decided.
 */
export class CrmSync1767100000000 implements MigrationInterface {
  name = 'CrmSync1767100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE crm_connectors (
        name text PRIMARY KEY CHECK (name ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
        kind text NOT NULL CHECK (kind IN ('salesforce', 'zendesk')),
        settings jsonb NOT NULL,
        field_ownership jsonb NOT NULL,
        credentials text NOT NULL,
        state text NOT NULL DEFAULT 'running' CHECK (state IN ('running', 'paused', 'error')),
        outbound_since timestamptz NOT NULL DEFAULT now(),
        change_cursor text,
        changes_applied bigint NOT NULL DEFAULT 0,
        full_sync jsonb,
        last_success_at timestamptz,
        last_error text,
        last_error_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE crm_case_links (
        connector text NOT NULL REFERENCES crm_connectors(name) ON DELETE CASCADE,
        case_id uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        crm_case_id text NOT NULL,
        opened_by text NOT NULL CHECK (opened_by IN ('scb', 'crm')),
        synced_status text NOT NULL CHECK (synced_status IN ('open', 'resolved')),
        synced_at timestamptz NOT NULL,
        crm_seen_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (connector, case_id),
        CONSTRAINT crm_case_links_crm_case_uq UNIQUE (connector, crm_case_id)
      )`);
    await q.query(`CREATE INDEX crm_case_links_case_idx ON crm_case_links (case_id)`);
    // The outbound step looks for cases opened here (not imported) since a connector's creation.
    await q.query(
      `CREATE INDEX cases_opened_here_idx ON cases (opened_at) WHERE crm_case_id IS NULL`,
    );
    await q.query(`
      CREATE TABLE crm_comment_marks (
        connector text NOT NULL REFERENCES crm_connectors(name) ON DELETE CASCADE,
        interaction_id uuid NOT NULL REFERENCES interactions(id) ON DELETE CASCADE,
        outcome text NOT NULL CHECK (outcome IN ('sent', 'dead-lettered')),
        crm_comment_id text,
        marked_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (connector, interaction_id)
      )`);
    await q.query(`
      CREATE TABLE crm_dead_letters (
        id bigserial PRIMARY KEY,
        connector text NOT NULL REFERENCES crm_connectors(name) ON DELETE CASCADE,
        case_id uuid REFERENCES cases(id) ON DELETE SET NULL,
        operation text NOT NULL,
        record_ref text NOT NULL,
        code text NOT NULL,
        reason text NOT NULL,
        http_status int,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX crm_dead_letters_connector_idx ON crm_dead_letters (connector, id DESC)`,
    );
    await q.query(`
      CREATE TABLE crm_conflicts (
        id bigserial PRIMARY KEY,
        connector text NOT NULL REFERENCES crm_connectors(name) ON DELETE CASCADE,
        case_id uuid REFERENCES cases(id) ON DELETE SET NULL,
        crm_case_id text NOT NULL,
        ours text NOT NULL,
        theirs text NOT NULL,
        rule text NOT NULL,
        winner text NOT NULL,
        why text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX crm_conflicts_connector_idx ON crm_conflicts (connector, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE crm_conflicts`);
    await q.query(`DROP TABLE crm_dead_letters`);
    await q.query(`DROP TABLE crm_comment_marks`);
    await q.query(`DROP INDEX cases_opened_here_idx`);
    await q.query(`DROP TABLE crm_case_links`);
    await q.query(`DROP TABLE crm_connectors`);
  }
}
