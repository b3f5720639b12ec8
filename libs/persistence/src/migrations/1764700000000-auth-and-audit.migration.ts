import type { MigrationInterface, QueryRunner } from 'typeorm';

const ROLE_CHECK = `CHECK (role IN ('admin', 'supervisor', 'agent', 'viewer', 'integration'))`;

/**
 * Users (scrypt password hashes), API keys and sessions (SHA-256 digests of 256-bit secrets: the
 * secrets themselves are never stored), and one audit log of every configuration change.
 */
export class AuthAndAudit1764700000000 implements MigrationInterface {
  name = 'AuthAndAudit1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL,
        display_name text NOT NULL,
        role text NOT NULL ${ROLE_CHECK},
        agent_id uuid REFERENCES agents(id) ON DELETE SET NULL,
        password_hash text NOT NULL,
        disabled_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX users_email_key ON users (lower(email))`);
    await q.query(`
      CREATE TABLE api_keys (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        role text NOT NULL ${ROLE_CHECK},
        key_digest text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz,
        revoked_at timestamptz
      )`);
    await q.query(`
      CREATE TABLE sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        token_digest text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX sessions_expires_idx ON sessions (expires_at)`);
    await q.query(`
      CREATE TABLE audit_log (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        actor_kind text NOT NULL CHECK (actor_kind IN ('user', 'api_key', 'system')),
        actor_id text,
        actor_name text NOT NULL,
        entity text NOT NULL,
        entity_id text,
        action text NOT NULL,
        before jsonb,
        after jsonb
      )`);
    await q.query(`CREATE INDEX audit_log_at_idx ON audit_log (at DESC, id DESC)`);
    await q.query(`CREATE INDEX audit_log_entity_idx ON audit_log (entity, at DESC)`);
    await q.query(`CREATE INDEX audit_log_actor_idx ON audit_log (actor_name, at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_log, sessions, api_keys, users`);
  }
}
