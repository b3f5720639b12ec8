import { Inject, Injectable, Optional } from '@nestjs/common';
import { ConflictError, NotFoundError } from '@scb/core';
import { CaseMergeRefused } from '@scb/cases';
import { CustomerMergeRefused, CustomerMergeRepository } from '@scb/persistence';
import { AuditTrail } from '../../../audit/audit-trail';
import { CaseMerger } from '../../../case-merge/case-merger';
import type { MergeCustomersCommand } from './merge-customers.command';

/**
 * The admin's manual merge: the customer's identities, identifiers, cases and interactions move
 * to the other, which keeps a tombstone of it; then their open cases are folded into the oldest
 * (one timeline, one active work item, the holder kept: see `CaseMerger`). All in one unit of
 * work, audited with the admin (`customers`/`merge`, and `cases`/`merge` when cases merged).
 */
@Injectable()
export class MergeCustomers {
  constructor(
    @Inject(CustomerMergeRepository)
    private readonly merges: Pick<CustomerMergeRepository, 'merge'>,
    private readonly audit: AuditTrail,
    @Optional()
    @Inject(CaseMerger)
    private readonly cases?: Pick<CaseMerger, 'mergeOpenCasesOf'>,
  ) {}

  /**
   * What moved (`{ mergedCustomerId, intoCustomerId, moved, caseMerge }`). Throws
   * `NotFoundError` when either customer is unknown, `ConflictError` for a self-merge or a
   * tombstone.
   */
  async execute({ actor, fromId, intoId, reason }: MergeCustomersCommand) {
    try {
      const { moved, caseMerge } = await this.audit.change(
        actor,
        { entity: 'customers', action: 'merge', entityId: fromId },
        async () => {
          const result = await this.merges.merge(fromId, intoId, { kind: 'manual', value: reason });
          const applied = (await this.cases?.mergeOpenCasesOf(intoId, actor.name)) ?? null;
          const caseMerge = applied && {
            caseId: applied.survivorId,
            caseNumber: applied.survivorNumber,
            mergedCaseIds: applied.mergedIds,
            mergedCaseNumbers: applied.mergedNumbers,
            keptWorkItemId: applied.keptWorkItemId,
            completedWorkItemIds: applied.completed.map((c) => c.id),
          };
          return {
            result: { moved: result, caseMerge },
            after: caseMerge
              ? { intoCustomerId: intoId, reason, caseMerge }
              : { intoCustomerId: intoId, reason },
          };
        },
      );
      return { mergedCustomerId: fromId, intoCustomerId: intoId, moved, caseMerge };
    } catch (error) {
      if (error instanceof CaseMergeRefused)
        throw new ConflictError(error.message, error.reason.replace(/-/g, '_'));
      if (!(error instanceof CustomerMergeRefused)) throw error;
      throw error.reason === 'not-found'
        ? new NotFoundError(error.message)
        : new ConflictError(error.message);
    }
  }
}
