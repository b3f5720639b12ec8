import type { DataSource } from 'typeorm';
import { freshDatabase, isolatedEnv } from '@scb/testing';
import { Database } from '../database';
import { AuditLogUuidIds1765500000000 } from '../migrations/1765500000000-audit-log-uuid-ids.migration';
import { AuditLogRepository, type AuditEntry } from './audit-log.repository';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const entry = (action: string): AuditEntry => ({
  actor: { kind: 'system', id: null, name: 'test' },
  entity: 'queue',
  entityId: 'q',
  action,
  before: null,
  after: { action },
});

describe('audit log ids (real Postgres)', () => {
  let dataSource: DataSource;
  let drop: () => Promise<void>;
  let db: Database;
  let log: AuditLogRepository;

  beforeAll(async () => {
    ({ dataSource, drop } = await freshDatabase(isolatedEnv('auditids').DB_SCHEMA));
    db = new Database(dataSource);
    log = new AuditLogRepository(db);
  });
  afterAll(() => drop());

  it('are UUIDs, and entries written at the same instant still read newest first', async () => {
    // One transaction: now() is the same instant for all three.
    await db.run(async () => {
      for (const action of ['first', 'second', 'third']) await log.record(entry(action));
    });
    const page = await log.list({ limit: 10, offset: 0 });
    expect(page.items.map((e) => e.action)).toEqual(['third', 'second', 'first']);
    expect(page.items.every((e) => UUID.test(e.id))).toBe(true);
    expect(new Set(page.items.map((e) => e.id)).size).toBe(3);
  });

  it('the migration gives existing numeric entries UUIDs and keeps their order; down restores them', async () => {
    const runner = dataSource.createQueryRunner();
    const migration = new AuditLogUuidIds1765500000000();
    try {
      await dataSource.query('DELETE FROM audit_log');
      await migration.down(runner);
      await db.run(async () => {
        for (const action of ['old-1', 'old-2']) await log.record(entry(action));
      });
      const [{ type }]: Array<{ type: string }> = await dataSource.query(
        `SELECT pg_typeof(id)::text AS type FROM audit_log LIMIT 1`,
      );
      expect(type).toBe('bigint');
      await migration.up(runner);
      const page = await log.list({ limit: 10, offset: 0 });
      expect(page.items.map((e) => e.action)).toEqual(['old-2', 'old-1']);
      expect(page.items.every((e) => UUID.test(e.id))).toBe(true);
    } finally {
      await runner.release();
    }
  });
});
