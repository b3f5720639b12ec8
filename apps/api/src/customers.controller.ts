import {
  BadRequestException,
  Controller,
  Delete,
  Headers,
  NotFoundException,
  Param,
} from '@nestjs/common';
import { z } from 'zod';
import { PersonalDataRepository } from '@scb/persistence';
import { ZodPipe } from '@scb/platform';

const IdSchema = z.uuid();
/** Who asks, for the erasure record; the signed-in admin once the auth guard provides one. */
const RequesterSchema = z.string().trim().min(1, 'say who requests the erasure').max(200);

@Controller('v1/customers')
export class CustomersController {
  constructor(private readonly personalData: PersonalDataRepository) {}

  /**
   * Right to erasure: removes the customer's identities, identifiers, post texts and handles,
   * keeps the anonymous aggregates; idempotent, and every request is recorded.
   */
  // roles: admin
  @Delete(':id/personal-data')
  async erase(
    @Param('id', new ZodPipe(IdSchema)) id: string,
    @Headers('x-requested-by') requester: unknown,
  ) {
    const who = RequesterSchema.safeParse(requester);
    if (!who.success)
      throw new BadRequestException({
        message: 'Validation failed',
        errors: [{ path: 'x-requested-by', message: who.error.issues[0].message }],
      });
    const record = await this.personalData.erase(id, who.data);
    if (!record) throw new NotFoundException(`customer ${id} does not exist`);
    return record;
  }
}
