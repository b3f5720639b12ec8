import type { EntityManager } from 'typeorm';
import type { Principal } from '@scb/auth';
import type { AuditActor, AuditLogRepository, Database } from '@scb/persistence';

export interface AuditedChange<T> {
  result: T;
  /** Defaults to the id given to `change`; for creations, known only afterwards. */
  entityId?: string | null;
  before?: unknown;
  after?: unknown;
}

export const actorOf = (principal: Principal): AuditActor => ({
  kind: principal.kind,
  id: principal.id,
  name: principal.name,
});

/**
 * Runs a configuration change and writes its audit entry in the same transaction: a change that
 * fails leaves no entry, and no change is committed without one.
 */
export class AuditTrail {
  constructor(
    private readonly db: Database,
    private readonly log: AuditLogRepository,
  ) {}

  change<T>(
    actor: Principal | AuditActor,
    what: { entity: string; action: string; entityId?: string | null },
    work: (tx: EntityManager) => Promise<AuditedChange<T>>,
  ): Promise<T> {
    const who = 'role' in actor ? actorOf(actor) : actor;
    // Repositories called by `work` join this unit of work; `tx` is for those still taking one.
    return this.db.run(async () => {
      const done = await work(this.db.manager);
      await this.log.record({
        actor: who,
        entity: what.entity,
        entityId: done.entityId ?? what.entityId ?? null,
        action: what.action,
        before: done.before ?? null,
        after: done.after ?? null,
      });
      return done.result;
    });
  }
}
