import { Inject, Injectable } from '@nestjs/common';
import { ConflictError, NotFoundError } from '@scb/core';
import { CaseMergeRefused } from '@scb/cases';
import { CaseMergeRepository } from '@scb/persistence';
import { AuditTrail } from '../../../audit/audit-trail';
import { CaseMerger } from '../../case-merger';
import type { MergeCasesCommand } from './merge-cases.command';

/** The answer of a merge: the surviving case, the merged ones, the work item kept. */
export interface CaseMergeResult {
  caseId: string;
  caseNumber: string;
  mergedCaseIds: string[];
  mergedCaseNumbers: string[];
  keptWorkItemId: string | null;
  completedWorkItemIds: string[];
}

/**
 * A supervisor's (or admin's) direct merge of one case into another of the same customer: one
 * timeline, one active work item (the held one, else the best-placed queued one), audited
 * (entity `cases`, action `merge`) in the merge's unit of work.
 *
 * Cases of two different customers are refused (409 `different-customers`): that two customers
 * are one person is an admin's decision (`POST /v1/customers/:id/merge`), and that merge folds
 * their open cases into the oldest.
 * @throws NotFoundError unknown case; ConflictError `same-case`, `already-merged`,
 *   `different-customers`.
 */
@Injectable()
export class MergeCases {
  constructor(
    @Inject(CaseMergeRepository) private readonly cases: Pick<CaseMergeRepository, 'lockCases'>,
    private readonly merger: CaseMerger,
    private readonly audit: AuditTrail,
  ) {}

  async execute({ actor, caseRef, intoRef }: MergeCasesCommand): Promise<CaseMergeResult> {
    try {
      return await this.audit.change(actor, { entity: 'cases', action: 'merge' }, async () => {
        const found = await this.cases.lockCases([caseRef, intoRef]);
        const merged = found.get(caseRef);
        const into = found.get(intoRef);
        if (!merged) throw new NotFoundError(`case ${caseRef} does not exist`);
        if (!into) throw new NotFoundError(`case ${intoRef} does not exist`);
        const applied = await this.merger.merge(into, [merged], actor.name);
        const result: CaseMergeResult = {
          caseId: applied.survivorId,
          caseNumber: applied.survivorNumber,
          mergedCaseIds: applied.mergedIds,
          mergedCaseNumbers: applied.mergedNumbers,
          keptWorkItemId: applied.keptWorkItemId,
          completedWorkItemIds: applied.completed.map((c) => c.id),
        };
        return {
          result,
          entityId: merged.id,
          before: { caseNumber: merged.caseNumber, status: merged.status },
          after: { mergedInto: into.caseNumber, ...result },
        };
      });
    } catch (error) {
      if (error instanceof CaseMergeRefused)
        throw new ConflictError(error.message, error.reason.replace(/-/g, '_'));
      throw error;
    }
  }
}
