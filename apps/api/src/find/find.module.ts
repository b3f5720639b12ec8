import { Module } from '@nestjs/common';
import type { Clock, UnitOfWork } from '@scb/core';
import {
  AuditLogRepository,
  CaseNoteRepository,
  CaseSearchRepository,
  CustomerDirectoryRepository,
  Database,
  IdentifierSettingsRepository,
} from '@scb/persistence';
import { CLOCK, UNIT_OF_WORK } from '@scb/platform';
import { CaseNotesController } from './case-notes.controller';
import { CustomerDirectoryController } from './customer-directory.controller';
import { AddCaseNote, type AuditRecorder } from './usecases/add-case-note/add-case-note.usecase';
import { GetCustomerProfile } from './usecases/get-customer-profile/get-customer-profile.usecase';
import { SearchCases } from './usecases/search-cases/search-cases.usecase';
import { SearchCustomers } from './usecases/search-customers/search-customers.usecase';

const AUDIT_RECORDER = Symbol('AUDIT_RECORDER');
const onDatabase = <T>(type: new (db: Database) => T) => ({
  provide: type,
  inject: [Database],
  useFactory: (db: Database) => new type(db),
});

/**
 * Issue 12 points 7 and 9: notes on cases, finding cases (`GET /v1/cases` filters, served by
 * CasesController through the exported SearchCases) and customers (search, 360).
 * Posts are findable by `q` as soon as they are stored (`interactions.search` is computed in the
 * insert, migration SearchOnInsert1767850000000).
 * Needs the global DatabaseModule.
 */
@Module({
  controllers: [CaseNotesController, CustomerDirectoryController],
  providers: [
    onDatabase(CaseNoteRepository),
    onDatabase(CaseSearchRepository),
    onDatabase(CustomerDirectoryRepository),
    onDatabase(IdentifierSettingsRepository),
    // Over the Database, the audit entry joins the note's unit of work.
    { provide: AUDIT_RECORDER, useExisting: AuditLogRepository },
    {
      provide: AddCaseNote,
      inject: [UNIT_OF_WORK, CLOCK, CaseNoteRepository, AUDIT_RECORDER],
      useFactory: (
        uow: UnitOfWork,
        clock: Clock,
        notes: CaseNoteRepository,
        audit: AuditRecorder,
      ) => new AddCaseNote(uow, clock, notes, audit),
    },
    {
      provide: SearchCases,
      inject: [CaseSearchRepository, IdentifierSettingsRepository],
      useFactory: (cases: CaseSearchRepository, region: IdentifierSettingsRepository) =>
        new SearchCases(cases, region),
    },
    {
      provide: SearchCustomers,
      inject: [CustomerDirectoryRepository, IdentifierSettingsRepository],
      useFactory: (customers: CustomerDirectoryRepository, region: IdentifierSettingsRepository) =>
        new SearchCustomers(customers, region),
    },
    {
      provide: GetCustomerProfile,
      inject: [CustomerDirectoryRepository],
      useFactory: (customers: CustomerDirectoryRepository) => new GetCustomerProfile(customers),
    },
  ],
  exports: [SearchCases],
})
export class FindModule {}
