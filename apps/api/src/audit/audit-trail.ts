import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '@scb/auth';
import type { UnitOfWork } from '@scb/core';
import { AuditLogRepository, type AuditActor } from '@scb/persistence';
import { UNIT_OF_WORK } from '@scb/platform';

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
 * Runs a configuration change and writes its audit entry in the same unit of work: a change that
 * fails leaves no entry, and no change is committed without one. Use cases call it with work that
 * calls repositories (which join the unit of work on their own).
 */
@Injectable()
export class AuditTrail {
  constructor(
    @Inject(UNIT_OF_WORK) private readonly uow: UnitOfWork,
    @Inject(AuditLogRepository) private readonly log: Pick<AuditLogRepository, 'record'>,
  ) {}

  change<T>(
    actor: Principal | AuditActor,
    what: { entity: string; action: string; entityId?: string | null },
    work: () => Promise<AuditedChange<T>>,
  ): Promise<T> {
    const who = 'role' in actor ? actorOf(actor) : actor;
    return this.uow.run(async () => {
      const done = await work();
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
