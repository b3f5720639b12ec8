import { Global, Module, type Provider } from '@nestjs/common';
import {
  AgentRepository,
  ApiKeyRepository,
  AuditLogRepository,
  Database,
  CaseQueryRepository,
  CaseTimelineRepository,
  CrmImportRepository,
  CustomerMergeRepository,
  DashboardQueryRepository,
  MatchingDryRunRepository,
  MatchingRulesRepository,
  PersonalDataRepository,
  PhoneWorkRepository,
  ReplyRepository,
  UserRepository,
  WorkAssignmentRepository,
} from '@scb/persistence';
import { CLOCK } from '@scb/platform';
import type { Clock } from '@scb/core';

/** Repositories over `Database`: they join the current unit of work by themselves. */
const REPOSITORIES = [
  AgentRepository,
  ApiKeyRepository,
  AuditLogRepository,
  CaseQueryRepository,
  CaseTimelineRepository,
  CrmImportRepository,
  CustomerMergeRepository,
  DashboardQueryRepository,
  MatchingDryRunRepository,
  MatchingRulesRepository,
  PersonalDataRepository,
  PhoneWorkRepository,
  ReplyRepository,
  UserRepository,
  WorkAssignmentRepository,
] as const;

/**
 * Repositories are plain classes of `@scb/persistence` (no Nest there), each built once over the
 * process's `Database` and shared by every feature module, which injects them by class.
 */
const providers: Provider[] = [
  ...REPOSITORIES.filter((type) => type !== CrmImportRepository).map((type) => ({
    provide: type,
    inject: [Database],
    useFactory: (db: Database) => new type(db),
  })),
  // The import stamps resolved cases that come without a time with the process's clock.
  {
    provide: CrmImportRepository,
    inject: [Database, CLOCK],
    useFactory: (db: Database, clock: Clock) => new CrmImportRepository(db, clock),
  },
];

@Global()
@Module({ providers, exports: [...REPOSITORIES] })
export class ApiRepositoriesModule {}
