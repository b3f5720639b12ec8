import type { IdentityPolicy } from '@scb/cases';
import type { Clock, UnitOfWork } from '@scb/core';
import type { CustomerIdentityRepository } from '@scb/persistence';
import type { Principal } from '@scb/auth';
import type { AuditRecorder } from '../decide-identity-claim/decide-identity-claim.usecase';

export interface SetIdentityPolicyCommand {
  policy: IdentityPolicy;
  actor: Principal;
}

/**
 * Replaces the admin's identity policy (which kinds of claim are proven at once), audited
 * (entity `identity_policy`, action `update`, before and after) in the same unit of work.
 * Applies to claims the matcher makes from then on; earlier claims stay as they are.
 */
export class SetIdentityPolicy {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly graph: Pick<CustomerIdentityRepository, 'policy' | 'setPolicy'>,
    private readonly audit: AuditRecorder,
  ) {}

  async execute(command: SetIdentityPolicyCommand): Promise<IdentityPolicy & { updatedAt: Date }> {
    return this.uow.run(async () => {
      const before = await this.graph.policy();
      const at = this.clock.now();
      const autoConfirm = [...new Set(command.policy.autoConfirm)].sort();
      await this.graph.setPolicy({ autoConfirm }, at);
      const { actor } = command;
      await this.audit.record({
        actor: { kind: actor.kind, id: actor.id, name: actor.name },
        entity: 'identity_policy',
        entityId: null,
        action: 'update',
        before: { autoConfirm: before.autoConfirm },
        after: { autoConfirm },
      });
      return { autoConfirm, updatedAt: at };
    });
  }
}
