import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Matching rules as versioned rule sets (a change is a new row, never an update), identifiers on
 * file for identity resolution (email, phone, account number), inferred identities with their
 * evidence, persona merges, CRM ids for idempotent imports, and what the matcher now records per interaction: the rule-set version that decided
 * it, its tags, its conversation, and whether it was ignored (then it is on no case).
 */
export class MatchingRules1764200000000 implements MigrationInterface {
  name = 'MatchingRules1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE matching_rule_sets (
        version integer PRIMARY KEY CHECK (version > 0),
        definition jsonb NOT NULL,
        author text NOT NULL,
        note text NOT NULL DEFAULT '',
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE customer_identifiers (
        kind text NOT NULL CHECK (kind IN ('email', 'phone', 'account')),
        value text NOT NULL,
        customer_id uuid NOT NULL REFERENCES customers(id),
        source text NOT NULL DEFAULT 'crm',
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (kind, value)
      )`);
    await q.query(
      `CREATE INDEX customer_identifiers_customer_idx ON customer_identifiers (customer_id)`,
    );
    await q.query(`
      ALTER TABLE customers
        ADD COLUMN merged_into uuid REFERENCES customers(id),
        ADD COLUMN merged_at timestamptz,
        ADD COLUMN merge_evidence jsonb,
        ADD COLUMN crm_id text CONSTRAINT customers_crm_id_uq UNIQUE`);
    await q.query(
      `ALTER TABLE cases ADD COLUMN crm_case_id text CONSTRAINT cases_crm_case_id_uq UNIQUE`,
    );
    await q.query(`
      ALTER TABLE customer_identities
        ADD COLUMN link text NOT NULL DEFAULT 'observed' CHECK (link IN ('observed', 'inferred', 'imported')),
        ADD COLUMN evidence jsonb`);
    await q.query(`
      ALTER TABLE interactions
        ALTER COLUMN case_id DROP NOT NULL,
        ADD COLUMN ignored boolean NOT NULL DEFAULT false,
        ADD COLUMN rule_set_version integer NOT NULL DEFAULT 0,
        ADD COLUMN tags text[] NOT NULL DEFAULT '{}',
        ADD COLUMN conversation_id text,
        ADD CONSTRAINT interactions_case_unless_ignored CHECK (ignored OR case_id IS NOT NULL)`);
    await q.query(
      `CREATE INDEX interactions_conversation_idx ON interactions (platform, conversation_id, occurred_at DESC) WHERE conversation_id IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX cases_resolved_by_customer_idx ON cases (customer_id, resolved_at DESC) WHERE status = 'resolved'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS cases_resolved_by_customer_idx`);
    await q.query(`DROP INDEX IF EXISTS interactions_conversation_idx`);
    await q.query(`DELETE FROM interactions WHERE case_id IS NULL`);
    await q.query(`
      ALTER TABLE interactions
        DROP CONSTRAINT interactions_case_unless_ignored,
        DROP COLUMN conversation_id, DROP COLUMN tags, DROP COLUMN rule_set_version,
        DROP COLUMN ignored, ALTER COLUMN case_id SET NOT NULL`);
    await q.query(`ALTER TABLE customer_identities DROP COLUMN evidence, DROP COLUMN link`);
    await q.query(`ALTER TABLE cases DROP COLUMN crm_case_id`);
    await q.query(
      `ALTER TABLE customers DROP COLUMN crm_id, DROP COLUMN merge_evidence, DROP COLUMN merged_at, DROP COLUMN merged_into`,
    );
    await q.query(`DROP TABLE IF EXISTS customer_identifiers`);
    await q.query(`DROP TABLE IF EXISTS matching_rule_sets`);
  }
}
