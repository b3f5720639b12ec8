import { Inject, Injectable, Optional } from '@nestjs/common';
import type { UnitOfWork } from '@scb/core';
import { CrmImportRepository, type CrmImportResult } from '@scb/persistence';
import { UNIT_OF_WORK } from '@scb/platform';
import { AuditTrail } from '../../../audit/audit-trail';
import type { ImportCrmCustomersCommand } from './import-crm-customers.command';

/**
 * Imports the CRM's customers, identities and cases, idempotently (upserts keyed by the CRM's
 * ids). The set-based import (per-author locks first) runs in this use case's unit of work: all
 * or nothing. An import by someone (`actor`: a supervisor in the console, an integration key)
 * is audited in that unit of work (entity `crm_import`, `after`: rows and outcome); the CLI,
 * which has no actor, is not.
 */
@Injectable()
export class ImportCrmCustomers {
  constructor(
    @Inject(UNIT_OF_WORK) private readonly uow: UnitOfWork,
    @Inject(CrmImportRepository) private readonly crm: Pick<CrmImportRepository, 'import'>,
    @Optional() @Inject(AuditTrail) private readonly audit?: Pick<AuditTrail, 'change'>,
  ) {}

  execute(command: ImportCrmCustomersCommand): Promise<CrmImportResult> {
    const run = () =>
      this.crm.import(command.customers, command.phoneDefaultCountry, command.onProgress);
    if (!command.actor || !this.audit) return this.uow.run(run);
    return this.audit.change(
      command.actor,
      { entity: 'crm_import', action: 'import' },
      async () => {
        const result = await run();
        return { result, after: { rows: command.customers.length, ...result } };
      },
    );
  }
}
