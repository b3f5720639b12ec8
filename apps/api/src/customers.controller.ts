import {
  Body,
  ConflictException,
  Controller,
  HttpCode,
  NotFoundException,
  Param,
  ParseUUIDPipe,
  Post,
} from '@nestjs/common';
import { z } from 'zod';
import { CustomerMergeRefused, CustomerMergeRepository } from '@scb/persistence';
import { ZodPipe } from '@scb/platform';

const MergeSchema = z.object({
  intoCustomerId: z.uuid(),
  /** Why an admin decided these are one customer; stored as the merge's evidence. */
  reason: z.string().trim().min(1).max(1000),
});

@Controller('v1/customers')
export class CustomersController {
  constructor(private readonly merges: CustomerMergeRepository) {}

  /**
   * Manual merge: the customer (usually a persona) is folded into `intoCustomerId`; its identities,
   * identifiers, cases and interactions follow and it stays as a tombstone.
   */
  @Post(':id/merge')
  @HttpCode(200)
  async merge(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body(new ZodPipe(MergeSchema)) body: z.infer<typeof MergeSchema>,
  ) {
    try {
      const moved = await this.merges.merge(id, body.intoCustomerId, {
        kind: 'manual',
        value: body.reason,
      });
      return { mergedCustomerId: id, intoCustomerId: body.intoCustomerId, moved };
    } catch (error) {
      if (!(error instanceof CustomerMergeRefused)) throw error;
      throw error.reason === 'not-found'
        ? new NotFoundException(error.message)
        : new ConflictException(error.message);
    }
  }
}
