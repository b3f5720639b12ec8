import { Module } from '@nestjs/common';
import type { Clock, UnitOfWork } from '@scb/core';
import {
  AuditLogRepository,
  CaseNoteRepository,
  CaseSearchRepository,
  CustomerDirectoryRepository,
  Database,
  IdentifierSettingsRepository,
  SearchIndexRepository,
} from '@scb/persistence';
import { ServiceMetrics } from '@scb/observability';
import { CLOCK, UNIT_OF_WORK } from '@scb/platform';
import { ApiSettings } from '../config/api-settings';
import { SearchIndexer } from './search.indexer';
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
 * Also runs the full-text search indexer (posts become findable by `q` after it).
 * Needs the global DatabaseModule.
 */
@Module({
  controllers: [CaseNotesController, CustomerDirectoryController],
  providers: [
    onDatabase(CaseNoteRepository),
    onDatabase(CaseSearchRepository),
    onDatabase(CustomerDirectoryRepository),
    onDatabase(IdentifierSettingsRepository),
    {
      provide: SearchIndexer,
      inject: [Database, ServiceMetrics, ApiSettings],
      useFactory: (db: Database, metrics: ServiceMetrics, settings: ApiSettings) =>
        new SearchIndexer(
          new SearchIndexRepository(db),
          {
            intervalMs: settings.SEARCH_INDEX_INTERVAL_MS,
            batchSize: settings.SEARCH_INDEX_BATCH_SIZE,
            maxBatches: settings.SEARCH_INDEX_MAX_BATCHES,
          },
          metrics,
        ),
    },
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
