import { Inject, Injectable } from '@nestjs/common';
import { NotFoundError, type UnitOfWork } from '@scb/core';
import { PersonalDataRepository, type ErasureRecord } from '@scb/persistence';
import { UNIT_OF_WORK } from '@scb/platform';
import type { EraseCustomerCommand } from './erase-customer.command';

/**
 * Right to erasure: removes the customer's identities, identifiers, post texts and handles, keeps
 * the anonymous aggregates; idempotent, every request recorded. The erasure's statements (one SQL
 * script, with its progress reports) run in this use case's unit of work: all or nothing.
 */
@Injectable()
export class EraseCustomer {
  constructor(
    @Inject(UNIT_OF_WORK) private readonly uow: UnitOfWork,
    @Inject(PersonalDataRepository)
    private readonly personalData: Pick<PersonalDataRepository, 'erase'>,
  ) {}

  /** The erasure record; throws `NotFoundError` for an unknown customer. */
  async execute(command: EraseCustomerCommand): Promise<ErasureRecord> {
    const record = await this.uow.run(() =>
      this.personalData.erase(command.customerId, command.requestedBy, command.onProgress),
    );
    if (!record) throw new NotFoundError(`customer ${command.customerId} does not exist`);
    return record;
  }
}
