import {
  claimDecisionConflict,
  identityDecisionRefusal,
  type IdentityDecisionRefusal,
} from '@scb/cases';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  type Clock,
  type UnitOfWork,
} from '@scb/core';
import type {
  AuditEntry,
  CustomerIdentityRepository,
  DetachedAccount,
  StoredIdentity,
} from '@scb/persistence';
import type { RoutingChoice } from '@scb/routing';
import type { DecideIdentityClaimCommand } from './decide-identity-claim.command';

/** Writes audit entries in the current unit of work. */
export interface AuditRecorder {
  record(entry: AuditEntry): Promise<void>;
}

/** Routes a social case's first work item (the routing policy of the shared queues). */
export type SocialRouter = (work: {
  priority: number;
  category: string | null;
}) => Promise<RoutingChoice>;

/**
 * The shared queues' side of a new work item: `record` in the unit of work (BullMQ follows
 * after the commit), `startSla` after the commit.
 */
export interface QueuedWork {
  record(workItemIds: string[]): Promise<void>;
  startSla(workItemIds: string[]): Promise<void>;
}

export type IdentityGraph = Pick<
  CustomerIdentityRepository,
  'customer' | 'find' | 'holders' | 'confirm' | 'forgetIdentifier' | 'detachAccount' | 'queueCase'
>;

/** What the decision did. */
export interface IdentityClaimDecision {
  decision: 'confirm' | 'detach';
  identity: StoredIdentity;
  /** Detach of an account: the persona it now is and the case its posts moved to. */
  detached: (DetachedAccount & { workItemId: string | null }) | null;
}

const REFUSALS: Record<IdentityDecisionRefusal, string> = {
  not_case_holder:
    "only an agent holding one of the customer's cases (or a supervisor) may decide a claim",
  no_linked_agent: 'this user is not linked to an agent',
  role_not_allowed: 'this role may not decide identity claims',
};

/**
 * Confirms or detaches a claimed identity (docs/identity.md), in one unit of work with its audit
 * entry (entity `customer_identity`, action `confirm` / `detach`, before and after).
 * - confirm: trust becomes proven, source agent (the persona already merged stays merged).
 * - detach, platform account: it becomes a persona of its own; its posts leave the customer's
 *   cases for one new case of that persona, queued by the routing rules like any social case.
 * - detach, identifier (a number or email an account typed): forgotten, it resolves to no one.
 * @throws NotFoundError (`customer_not_found`, `identity_not_found`), ForbiddenError (a
 *   refusal of `identityDecisionRefusal`), ConflictError (`customer_merged`, `already_proven`).
 */
export class DecideIdentityClaim {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly graph: IdentityGraph,
    private readonly audit: AuditRecorder,
    private readonly route: SocialRouter,
    private readonly queued: QueuedWork,
  ) {}

  async execute(command: DecideIdentityClaimCommand): Promise<IdentityClaimDecision> {
    const { actor } = command;
    const result = await this.uow.run(async () => {
      const customer = await this.graph.customer(command.customerId);
      if (!customer)
        throw new NotFoundError(
          `customer ${command.customerId} does not exist`,
          'customer_not_found',
        );
      if (customer.mergedInto)
        throw new ConflictError(
          `customer ${command.customerId} was merged into ${customer.mergedInto}: decide there`,
          'customer_merged',
        );
      const identity = await this.graph.find(command.customerId, command.identityId);
      if (!identity)
        throw new NotFoundError(
          `identity ${command.identityId} is not one of customer ${command.customerId}'s`,
          'identity_not_found',
        );
      const refusal = identityDecisionRefusal(actor, await this.graph.holders(command.customerId));
      if (refusal) throw new ForbiddenError(REFUSALS[refusal], refusal);
      const conflict = claimDecisionConflict(identity);
      if (conflict) throw new ConflictError(conflict, 'already_proven');
      const at = this.clock.now();
      let decided: IdentityClaimDecision;
      if (command.decision === 'confirm') {
        const confirmed = await this.graph.confirm(identity, { by: actor.name, at });
        decided = { decision: 'confirm', identity: confirmed, detached: null };
      } else if (identity.store === 'identifier') {
        await this.graph.forgetIdentifier(identity);
        decided = { decision: 'detach', identity, detached: null };
      } else {
        const detached = await this.graph.detachAccount(identity, at);
        const workItemId = detached.case
          ? await this.graph.queueCase(
              detached.case.id,
              await this.route({
                priority: detached.case.priority,
                category: detached.case.category,
              }),
            )
          : null;
        if (workItemId) await this.queued.record([workItemId]);
        decided = { decision: 'detach', identity, detached: { ...detached, workItemId } };
      }
      await this.audit.record({
        actor: { kind: actor.kind, id: actor.id, name: actor.name },
        entity: 'customer_identity',
        entityId: identity.id,
        action: command.decision,
        before: { customerId: identity.customerId, trust: identity.trust, source: identity.source },
        after:
          command.decision === 'confirm'
            ? { customerId: identity.customerId, trust: 'proven', source: 'agent' }
            : {
                customerId: decided.detached?.personaId ?? null,
                movedToCase: decided.detached?.case?.caseNumber ?? null,
              },
      });
      return decided;
    });
    if (result.detached?.workItemId) await this.queued.startSla([result.detached.workItemId]);
    return result;
  }
}
