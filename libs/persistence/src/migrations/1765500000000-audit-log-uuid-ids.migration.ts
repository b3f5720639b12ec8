import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Audit-log entries get UUID ids like every other resource (they were `bigserial`, shown as
 * "14"). The old sequence stays as `seq`: it breaks ties between entries of the same instant,
 * so "newest first" keeps its order, and the (at DESC, seq DESC) index serves it as before.
 */
export class AuditLogUuidIds1765500000000 implements MigrationInterface {
  name = 'AuditLogUuidIds1765500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_log DROP CONSTRAINT audit_log_pkey`);
    await q.query(`ALTER TABLE audit_log RENAME COLUMN id TO seq`);
    await q.query(`ALTER TABLE audit_log ADD CONSTRAINT audit_log_seq_key UNIQUE (seq)`);
    await q.query(`ALTER TABLE audit_log ADD COLUMN id uuid NOT NULL DEFAULT gen_random_uuid()`);
    await q.query(`ALTER TABLE audit_log ADD PRIMARY KEY (id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_log DROP CONSTRAINT audit_log_pkey`);
    await q.query(`ALTER TABLE audit_log DROP COLUMN id`);
    await q.query(`ALTER TABLE audit_log DROP CONSTRAINT audit_log_seq_key`);
    await q.query(`ALTER TABLE audit_log RENAME COLUMN seq TO id`);
    await q.query(`ALTER TABLE audit_log ADD PRIMARY KEY (id)`);
  }
}
