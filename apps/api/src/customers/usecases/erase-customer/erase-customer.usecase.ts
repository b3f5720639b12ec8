import { Inject, Injectable } from '@nestjs/common';
import { NotFoundError } from '@scb/core';
import { PersonalDataRepository, type ErasureRecord } from '@scb/persistence';
import type { EraseCustomerCommand } from './erase-customer.command';

/**
 * Right to erasure: removes the customer's identities, identifiers, post texts and handles, keeps
 * the anonymous aggregates; idempotent, every request recorded. The repository runs the erasure's
 * statements in one transaction of its own (they are one SQL script, with its progress reports).
 */
@Injectable()
export class EraseCustomer {
  constructor(
    @Inject(PersonalDataRepository)
    private readonly personalData: Pick<PersonalDataRepository, 'erase'>,
  ) {}

  /** The erasure record; throws `NotFoundError` for an unknown customer. */
  async execute(command: EraseCustomerCommand): Promise<ErasureRecord> {
    const record = await this.personalData.erase(
      command.customerId,
      command.requestedBy,
      command.onProgress,
    );
    if (!record) throw new NotFoundError(`customer ${command.customerId} does not exist`);
    return record;
  }
}
