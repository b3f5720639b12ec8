import { Inject, Injectable } from '@nestjs/common';
import { CrmImportRepository } from '@scb/persistence';
import type { ImportCrmCustomersCommand } from './import-crm-customers.command';

/**
 * Imports the CRM's customers, identities and cases, idempotently (upserts keyed by the CRM's
 * ids). The repository runs the set-based import in one transaction of its own (locks first).
 */
@Injectable()
export class ImportCrmCustomers {
  constructor(
    @Inject(CrmImportRepository) private readonly crm: Pick<CrmImportRepository, 'import'>,
  ) {}

  execute(command: ImportCrmCustomersCommand) {
    return this.crm.import(command.customers, command.phoneDefaultCountry, command.onProgress);
  }
}
