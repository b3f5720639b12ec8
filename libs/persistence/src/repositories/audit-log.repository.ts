import type { Database } from '../database';
import { AuditLogEntity } from '../entities/audit-log.entity';

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

const toRecord = (r: AuditLogEntity): AuditRecord => ({
  id: r.id,
  at: r.at,
  actor: { kind: r.actorKind, id: r.actorId, name: r.actorName },
  entity: r.entity,
  entityId: r.entityId,
  action: r.action,
  before: r.before,
  after: r.after,
});

/**
 * The one audit log of configuration changes: append-only, newest first when read. Joins the
 * current unit of work (`Database.run`) when there is one.
 */
export class AuditLogRepository {
  constructor(private readonly db: Database) {}

  private get log() {
    return this.db.manager.getRepository(AuditLogEntity);
  }

  /** Inside the change's unit of work, the entry commits (or rolls back) with the change. */
  async record(entry: AuditEntry): Promise<void> {
    await this.log
      .createQueryBuilder()
      .insert()
      .values({
        actorKind: entry.actor.kind,
        actorId: entry.actor.id,
        actorName: entry.actor.name,
        entity: entry.entity,
        entityId: entry.entityId,
        action: entry.action,
        // Nothing (undefined) is stored as SQL NULL, not as JSON null.
        before: entry.before ?? null,
        after: entry.after ?? null,
      })
      // Nothing to read back: no RETURNING (which would name every generated column).
      .updateEntity(false)
      .execute();
  }

  async list(filter: AuditFilter): Promise<{ total: number; items: AuditRecord[] }> {
    const query = this.log.createQueryBuilder('a');
    if (filter.entity !== undefined)
      query.andWhere('a.entity = :entity', { entity: filter.entity });
    if (filter.actor !== undefined)
      query.andWhere('(a.actorName = :actor OR a.actorId = :actor)', { actor: filter.actor });
    if (filter.from !== undefined) query.andWhere('a.at >= :from', { from: filter.from });
    if (filter.to !== undefined) query.andWhere('a.at < :to', { to: filter.to });
    const [rows, total] = await query
      .orderBy('a.at', 'DESC')
      .addOrderBy('a.seq', 'DESC')
      .limit(filter.limit)
      .offset(filter.offset)
      .getManyAndCount();
    return { total, items: rows.map(toRecord) };
  }
}
