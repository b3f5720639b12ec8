import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 12 (items 1 and 2): one identity graph per customer, with trust on every link.
 *
 * - `customer_identifiers` becomes the one place for every identifier that is not a platform
 *   account: phone (E.164), email, account and order numbers, CRM ids, whoever learnt it. It
 *   gains an `id` (the agent's confirm/detach routes name it), `trust` (`proven` | `claimed`),
 *   a checked `source` (`crm`, `phone-network`, `agent`, `matcher`) and `evidence`.
 * - The phone system's callers move there from `customer_identities` (kind `phone`, source
 *   `phone-network`, proven): a caller's number and a CRM number are now one row, so a call
 *   and a post quoting the number meet. Where the CRM already held the number, the CRM's row
 *   wins (the caller's customer keeps its cases, and a merge is the agent's decision).
 * - `customer_identities` (platform accounts) gains `trust` and `source`, backfilled from `link`
 *   (inferred → claimed, by the matcher; imported → proven, by the CRM; observed → proven, by
 *   the platform). A writer that names neither gets them from `link` (trigger), so older
 *   writers keep working.
 * - `identity_policy`: the admin's auto-confirm policy (one row).
 */
export class IdentityGraph1766800000000 implements MigrationInterface {
  name = 'IdentityGraph1766800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE customer_identifiers
        ADD COLUMN id uuid NOT NULL DEFAULT gen_random_uuid(),
        ADD COLUMN trust text NOT NULL DEFAULT 'proven' CHECK (trust IN ('proven', 'claimed')),
        ADD COLUMN evidence jsonb,
        ADD CONSTRAINT customer_identifiers_id_uq UNIQUE (id),
        ADD CONSTRAINT customer_identifiers_source_ck
          CHECK (source IN ('crm', 'phone-network', 'agent', 'matcher'))`);
    await q.query(
      `ALTER TABLE customer_identifiers DROP CONSTRAINT IF EXISTS customer_identifiers_kind_check`,
    );
    await q.query(`
      ALTER TABLE customer_identifiers ADD CONSTRAINT customer_identifiers_kind_check
        CHECK (kind IN ('email', 'phone', 'account', 'order', 'crm-id'))`);
    await q.query(`
      INSERT INTO customer_identifiers (kind, value, customer_id, source, trust, created_at)
      SELECT 'phone', external_user_id, customer_id, 'phone-network', 'proven', created_at
        FROM customer_identities WHERE platform = 'phone'
      ON CONFLICT (kind, value) DO NOTHING`);
    await q.query(`DELETE FROM customer_identities WHERE platform = 'phone'`);

    await q.query(`
      ALTER TABLE customer_identities
        ADD COLUMN trust text CHECK (trust IN ('proven', 'claimed')),
        ADD COLUMN source text CHECK (source IN ('platform', 'crm', 'matcher', 'agent'))`);
    await q.query(`
      UPDATE customer_identities
         SET trust = CASE link WHEN 'inferred' THEN 'claimed' ELSE 'proven' END,
             source = CASE link WHEN 'inferred' THEN 'matcher' WHEN 'imported' THEN 'crm' ELSE 'platform' END`);
    await q.query(`
      CREATE FUNCTION customer_identities_trust_default() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.trust IS NULL THEN
          NEW.trust := CASE NEW.link WHEN 'inferred' THEN 'claimed' ELSE 'proven' END;
        END IF;
        IF NEW.source IS NULL THEN
          NEW.source := CASE NEW.link WHEN 'inferred' THEN 'matcher' WHEN 'imported' THEN 'crm' ELSE 'platform' END;
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER customer_identities_trust_default BEFORE INSERT ON customer_identities
        FOR EACH ROW WHEN (NEW.trust IS NULL OR NEW.source IS NULL)
        EXECUTE FUNCTION customer_identities_trust_default()`);
    await q.query(`
      ALTER TABLE customer_identities
        ALTER COLUMN trust SET NOT NULL,
        ALTER COLUMN source SET NOT NULL`);

    await q.query(`
      CREATE TABLE identity_policy (
        id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
        auto_confirm text[] NOT NULL DEFAULT '{}',
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`INSERT INTO identity_policy (id) VALUES (1)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS identity_policy`);
    await q.query(
      `DROP TRIGGER IF EXISTS customer_identities_trust_default ON customer_identities`,
    );
    await q.query(`DROP FUNCTION IF EXISTS customer_identities_trust_default()`);
    await q.query(`ALTER TABLE customer_identities DROP COLUMN trust, DROP COLUMN source`);
    await q.query(`
      INSERT INTO customer_identities (customer_id, platform, external_user_id, handle, created_at)
      SELECT customer_id, 'phone', value, value, created_at
        FROM customer_identifiers WHERE kind = 'phone' AND source = 'phone-network'
      ON CONFLICT (platform, external_user_id) DO NOTHING`);
    await q.query(`
      DELETE FROM customer_identifiers
       WHERE kind IN ('order', 'crm-id') OR (kind = 'phone' AND source = 'phone-network')`);
    await q.query(`
      ALTER TABLE customer_identifiers
        DROP CONSTRAINT customer_identifiers_kind_check,
        DROP CONSTRAINT customer_identifiers_source_ck,
        DROP COLUMN evidence, DROP COLUMN trust, DROP COLUMN id`);
    await q.query(`
      ALTER TABLE customer_identifiers ADD CONSTRAINT customer_identifiers_kind_check
        CHECK (kind IN ('email', 'phone', 'account'))`);
  }
}
