import { Inject, Injectable } from '@nestjs/common';
import { ConflictError, NotFoundError } from '@scb/core';
import { CustomerMergeRefused, CustomerMergeRepository } from '@scb/persistence';
import { AuditTrail } from '../../../audit/audit-trail';
import type { MergeCustomersCommand } from './merge-customers.command';

/**
 * The admin's manual merge: the customer's identities, identifiers, cases and interactions move
 * to the other, which keeps a tombstone of it; audited with the admin in the merge's unit of work.
 */
@Injectable()
export class MergeCustomers {
  constructor(
    @Inject(CustomerMergeRepository)
    private readonly merges: Pick<CustomerMergeRepository, 'merge'>,
    private readonly audit: AuditTrail,
  ) {}

  /**
   * What moved (`{ mergedCustomerId, intoCustomerId, moved }`). Throws `NotFoundError` when
   * either customer is unknown, `ConflictError` for a self-merge or a tombstone.
   */
  async execute({ actor, fromId, intoId, reason }: MergeCustomersCommand) {
    try {
      const moved = await this.audit.change(
        actor,
        { entity: 'customers', action: 'merge', entityId: fromId },
        async () => {
          const result = await this.merges.merge(fromId, intoId, { kind: 'manual', value: reason });
          return { result, after: { intoCustomerId: intoId, reason } };
        },
      );
      return { mergedCustomerId: fromId, intoCustomerId: intoId, moved };
    } catch (error) {
      if (!(error instanceof CustomerMergeRefused)) throw error;
      throw error.reason === 'not-found'
        ? new NotFoundError(error.message)
        : new ConflictError(error.message);
    }
  }
}
