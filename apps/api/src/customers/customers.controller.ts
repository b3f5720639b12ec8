import { ApiSuccess } from './openapi/success.schemas';
import {
  Body,
  ConflictException,
  Controller,
  Delete,
  HttpCode,
  NotFoundException,
  Param,
  Post,
} from '@nestjs/common';
import { z } from 'zod';
import type { Principal } from '@scb/auth';
import {
  CustomerMergeRefused,
  CustomerMergeRepository,
  PersonalDataRepository,
} from '@scb/persistence';
import { ZodPipe } from '@scb/platform';
import { AuditTrail } from './audit/audit-trail';
import { CurrentPrincipal } from './auth/current-principal.decorator';
import { AdminOnly } from './auth/roles.decorator';
import { ApiBodyFrom } from './openapi/zod-openapi.decorators';

const IdSchema = z.uuid();

const MergeSchema = z.object({
  intoCustomerId: z.uuid(),
  /** Why an admin decided these are one customer; stored as the merge's evidence. */
  reason: z.string().trim().min(1).max(1000),
});

@Controller('v1/customers')
export class CustomersController {
  constructor(
    private readonly personalData: PersonalDataRepository,
    private readonly merges: CustomerMergeRepository,
    private readonly audit: AuditTrail,
  ) {}

  /**
   * Manual merge: the customer (usually a persona) is folded into `intoCustomerId`; its identities,
   * identifiers, cases and interactions follow and it stays as a tombstone. Audited with the admin.
   */
  @AdminOnly()
  @Post(':id/merge')
  @ApiSuccess('CustomerMerge')
  @HttpCode(200)
  @ApiBodyFrom(MergeSchema, 'CustomerMergeRequest')
  async merge(
    @CurrentPrincipal() actor: Principal,
    @Param('id', new ZodPipe(IdSchema)) id: string,
    @Body(new ZodPipe(MergeSchema)) body: z.infer<typeof MergeSchema>,
  ) {
    try {
      const moved = await this.audit.change(
        actor,
        { entity: 'customers', action: 'merge', entityId: id },
        async (tx) => {
          const result = await this.merges.merge(
            id,
            body.intoCustomerId,
            { kind: 'manual', value: body.reason },
            tx,
          );
          return { result, after: { intoCustomerId: body.intoCustomerId, reason: body.reason } };
        },
      );
      return { mergedCustomerId: id, intoCustomerId: body.intoCustomerId, moved };
    } catch (error) {
      if (!(error instanceof CustomerMergeRefused)) throw error;
      throw error.reason === 'not-found'
        ? new NotFoundException(error.message)
        : new ConflictException(error.message);
    }
  }

  /**
   * Right to erasure: removes the customer's identities, identifiers, post texts and handles,
   * keeps the anonymous aggregates; idempotent, and every request is recorded with the admin.
   */
  @AdminOnly()
  @Delete(':id/personal-data')
  @ApiSuccess('Erasure')
  async erase(
    @CurrentPrincipal() actor: Principal,
    @Param('id', new ZodPipe(IdSchema)) id: string,
  ) {
    const record = await this.personalData.erase(id, `${actor.kind}:${actor.name}`);
    if (!record) throw new NotFoundException(`customer ${id} does not exist`);
    return record;
  }
}
