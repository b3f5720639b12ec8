import type { DataSource, EntityManager } from 'typeorm';

/** Who made a change: a user, an API key, or the system itself (bootstrap, CLI). */
export interface AuditActor {
  kind: 'user' | 'api_key' | 'system';
  id: string | null;
  name: string;
}

export interface AuditEntry {
  actor: AuditActor;
  entity: string;
  entityId: string | null;
  action: string;
  before: unknown;
  after: unknown;
}

export interface AuditRecord extends AuditEntry {
  /** A UUID; entries of the same instant are ordered by the order they were written. */
  id: string;
  at: Date;
}

export interface AuditFilter {
  entity?: string;
  /** An actor's name (email or key name) or id. */
  actor?: string;
  from?: Date;
  to?: Date;
  limit: number;
  offset: number;
}

interface AuditRow {
  id: string;
  at: Date;
  actor_kind: AuditActor['kind'];
  actor_id: string | null;
  actor_name: string;
  entity: string;
  entity_id: string | null;
  action: string;
  before: unknown;
  after: unknown;
}

const json = (value: unknown) =>
  value === undefined || value === null ? null : JSON.stringify(value);

/** The one audit log of configuration changes: append-only, newest first when read. */
export class AuditLogRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Pass the change's transaction so the entry commits (or rolls back) with the change. */
  async record(entry: AuditEntry, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.query(
      `INSERT INTO audit_log (actor_kind, actor_id, actor_name, entity, entity_id, action, before, after)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        entry.actor.kind,
        entry.actor.id,
        entry.actor.name,
        entry.entity,
        entry.entityId,
        entry.action,
        json(entry.before),
        json(entry.after),
      ],
    );
  }

  async list(filter: AuditFilter): Promise<{ total: number; items: AuditRecord[] }> {
    const where = `($1::text IS NULL OR entity = $1)
      AND ($2::text IS NULL OR actor_name = $2 OR actor_id = $2)
      AND ($3::timestamptz IS NULL OR at >= $3)
      AND ($4::timestamptz IS NULL OR at < $4)`;
    const params = [
      filter.entity ?? null,
      filter.actor ?? null,
      filter.from ?? null,
      filter.to ?? null,
    ];
    const [{ total }]: Array<{ total: string }> = await this.dataSource.query(
      `SELECT count(*) AS total FROM audit_log WHERE ${where}`,
      params,
    );
    const rows: AuditRow[] = await this.dataSource.query(
      `SELECT id, at, actor_kind, actor_id, actor_name, entity, entity_id, action, before, after
         FROM audit_log WHERE ${where} ORDER BY at DESC, seq DESC LIMIT $5 OFFSET $6`,
      [...params, filter.limit, filter.offset],
    );
    return {
      total: Number(total),
      items: rows.map((r) => ({
        id: r.id,
        at: r.at,
        actor: { kind: r.actor_kind, id: r.actor_id, name: r.actor_name },
        entity: r.entity,
        entityId: r.entity_id,
        action: r.action,
        before: r.before,
        after: r.after,
      })),
    };
  }
}
