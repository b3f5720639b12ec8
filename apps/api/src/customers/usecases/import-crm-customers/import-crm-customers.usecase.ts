import { Inject, Injectable } from '@nestjs/common';
import type { UnitOfWork } from '@scb/core';
import { CrmImportRepository } from '@scb/persistence';
import { UNIT_OF_WORK } from '@scb/platform';
import type { ImportCrmCustomersCommand } from './import-crm-customers.command';

/**
 * Imports the CRM's customers, identities and cases, idempotently (upserts keyed by the CRM's
 * ids). The set-based import (per-author locks first) runs in this use case's unit of work: all
 * or nothing.
 */
@Injectable()
export class ImportCrmCustomers {
  constructor(
    @Inject(UNIT_OF_WORK) private readonly uow: UnitOfWork,
    @Inject(CrmImportRepository) private readonly crm: Pick<CrmImportRepository, 'import'>,
  ) {}

  execute(command: ImportCrmCustomersCommand) {
    return this.uow.run(() =>
      this.crm.import(command.customers, command.phoneDefaultCountry, command.onProgress),
    );
  }
}
