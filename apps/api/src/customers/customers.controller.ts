import { ApiSuccess } from '../openapi/success.schemas';
import { Body, Controller, Delete, HttpCode, Param, Post } from '@nestjs/common';
import { z } from 'zod';
import type { Principal } from '@scb/auth';
import { ZodPipe } from '@scb/platform';
import { EraseCustomer } from './usecases/erase-customer/erase-customer.usecase';
import { MergeCustomers } from './usecases/merge-customers/merge-customers.usecase';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { AdminOnly } from '../auth/roles.decorator';
import { ApiBodyFrom } from '../openapi/zod-openapi.decorators';

const IdSchema = z.uuid();

const MergeSchema = z.object({
  intoCustomerId: z.uuid(),
  /** Why an admin decided these are one customer; stored as the merge's evidence. */
  reason: z.string().trim().min(1).max(1000),
});

@Controller('v1/customers')
export class CustomersController {
  constructor(
    private readonly mergeCustomers: MergeCustomers,
    private readonly eraseCustomer: EraseCustomer,
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
  merge(
    @CurrentPrincipal() actor: Principal,
    @Param('id', new ZodPipe(IdSchema)) id: string,
    @Body(new ZodPipe(MergeSchema)) body: z.infer<typeof MergeSchema>,
  ) {
    return this.mergeCustomers.execute({
      actor,
      fromId: id,
      intoId: body.intoCustomerId,
      reason: body.reason,
    });
  }

  /**
   * Right to erasure: removes the customer's identities, identifiers, post texts and handles,
   * keeps the anonymous aggregates; idempotent, and every request is recorded with the admin.
   */
  @AdminOnly()
  @Delete(':id/personal-data')
  @ApiSuccess('Erasure')
  erase(@CurrentPrincipal() actor: Principal, @Param('id', new ZodPipe(IdSchema)) id: string) {
    return this.eraseCustomer.execute({
      customerId: id,
      requestedBy: `${actor.kind}:${actor.name}`,
    });
  }
}
