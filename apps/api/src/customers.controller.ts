import { Controller, Delete, NotFoundException, Param } from '@nestjs/common';
import { z } from 'zod';
import type { Principal } from '@scb/auth';
import { PersonalDataRepository } from '@scb/persistence';
import { ZodPipe } from '@scb/platform';
import { CurrentPrincipal } from './auth/current-principal.decorator';
import { AdminOnly } from './auth/roles.decorator';

const IdSchema = z.uuid();

@Controller('v1/customers')
export class CustomersController {
  constructor(private readonly personalData: PersonalDataRepository) {}

  /**
   * Right to erasure: removes the customer's identities, identifiers, post texts and handles,
   * keeps the anonymous aggregates; idempotent, and every request is recorded with the admin.
   */
  @AdminOnly()
  @Delete(':id/personal-data')
  async erase(
    @CurrentPrincipal() actor: Principal,
    @Param('id', new ZodPipe(IdSchema)) id: string,
  ) {
    const record = await this.personalData.erase(id, `${actor.kind}:${actor.name}`);
    if (!record) throw new NotFoundException(`customer ${id} does not exist`);
    return record;
  }
}
