import type { Principal } from '@scb/auth';
import { identityDecisionRefusal, normalizeIdentityValue } from '@scb/cases';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  ValidationError,
  type Clock,
  type UnitOfWork,
} from '@scb/core';
import type { CustomerIdentityRepository, StoredIdentity } from '@scb/persistence';
import type { AuditRecorder } from '../decide-identity-claim/decide-identity-claim.usecase';

export interface AddCustomerIdentifierCommand {
  customerId: string;
  kind: 'phone' | 'email' | 'account' | 'order';
  /** As the customer said it: normalized here (E.164 phone, lower-case email, upper-case numbers). */
  value: string;
  actor: Principal;
}

/**
 * An agent (holding a case of the customer), a supervisor or an admin adds an identifier the
 * customer gave them (e.g. the number they will call from): proven, source `agent`, audited
 * (entity `customer_identity`, action `add`). A call from that number, or a post quoting it,
 * then reaches this customer (docs/identity.md). Idempotent for the same customer.
 * @throws ValidationError (`value`), NotFoundError (`customer_not_found`), ForbiddenError (as
 *   `identityDecisionRefusal`), ConflictError (`customer_merged`, `held_by_another_customer`).
 */
export class AddCustomerIdentifier {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly graph: Pick<
      CustomerIdentityRepository,
      'customer' | 'holders' | 'addIdentifier'
    >,
    private readonly audit: AuditRecorder,
    private readonly phoneRegion: () => Promise<string>,
  ) {}

  async execute(
    command: AddCustomerIdentifierCommand,
  ): Promise<{ identity: StoredIdentity; created: boolean }> {
    const value = normalizeIdentityValue(command.kind, command.value, await this.phoneRegion());
    if (value === null) throw ValidationError.field('value', `not a valid ${command.kind}`);
    const { actor } = command;
    return this.uow.run(async () => {
      const customer = await this.graph.customer(command.customerId);
      if (!customer)
        throw new NotFoundError(
          `customer ${command.customerId} does not exist`,
          'customer_not_found',
        );
      if (customer.mergedInto)
        throw new ConflictError(
          `customer ${command.customerId} was merged into ${customer.mergedInto}: add it there`,
          'customer_merged',
        );
      const refusal = identityDecisionRefusal(actor, await this.graph.holders(command.customerId));
      if (refusal)
        throw new ForbiddenError(
          "only an agent holding one of the customer's cases (or a supervisor) may add an identifier",
          refusal,
        );
      const at = this.clock.now();
      const added = await this.graph.addIdentifier(command.customerId, {
        kind: command.kind,
        value,
        evidence: { addedBy: actor.name, addedAt: at.toISOString() },
      });
      if (!added)
        throw new ConflictError(
          `${command.kind} ${value} belongs to another customer: merge the customers instead`,
          'held_by_another_customer',
        );
      if (added.created)
        await this.audit.record({
          actor: { kind: actor.kind, id: actor.id, name: actor.name },
          entity: 'customer_identity',
          entityId: added.identity.id,
          action: 'add',
          before: null,
          after: {
            customerId: command.customerId,
            kind: command.kind,
            trust: 'proven',
            source: 'agent',
          },
        });
      return added;
    });
  }
}
