import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { z } from 'zod';
import type { Principal } from '@scb/auth';
import { CASE_NUMBER_PATTERN } from '@scb/contracts';
import { ZodPipe } from '@scb/platform';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { Roles } from '../auth/roles.decorator';
import { ApiSuccess } from '../openapi/success.schemas';
import { ApiBodyFrom } from '../openapi/zod-openapi.decorators';
import { MergeCases } from './usecases/merge-cases/merge-cases.usecase';

const CaseRefSchema = z.union([z.uuid(), z.string().regex(CASE_NUMBER_PATTERN)], {
  error: 'a case id (uuid) or case number (CS-000123)',
});

const CaseMergeSchema = z
  .object({
    /** The case that survives: its uuid or number (`CS-000123`). */
    into: CaseRefSchema,
  })
  .strict();

@Controller('v1/cases')
export class CaseMergeController {
  constructor(private readonly mergeCases: MergeCases) {}

  /**
   * Folds case `id` into case `into` (uuid or number, same customer): one timeline (the merged
   * case's history shows on the survivor's, with a "merged into this case" event), one active
   * work item (the held one is kept, else the best-placed queued one; the others are completed
   * with `merged:<number>` and leave their queue), audited. `GET /v1/cases/<merged>` still
   * answers with `status: merged` and `mergedInto`; the matcher sends posts naming it, or
   * replying in its threads, to the survivor. 404 unknown case; 409 `same_case`,
   * `already_merged`, `different_customers` (merge the customers instead: admins,
   * `POST /v1/customers/:id/merge`, which merges their open cases).
   */
  @Roles('supervisor')
  @Post(':id/merge')
  @HttpCode(200)
  @ApiSuccess('CaseMerge')
  @ApiBodyFrom(CaseMergeSchema, 'CaseMergeRequest')
  merge(
    @CurrentPrincipal() actor: Principal,
    @Param('id', new ZodPipe(CaseRefSchema)) id: string,
    @Body(new ZodPipe(CaseMergeSchema)) body: z.infer<typeof CaseMergeSchema>,
  ) {
    return this.mergeCases.execute({ actor, caseRef: id, intoRef: body.into });
  }
}
