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
import { unitOfWorkDataSource } from './unit-of-work.data-source';

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
  ReplyRepository,
  UserRepository,
] as const;

/**
 * Repositories that still take a `DataSource`: given one whose manager is the current unit of
 * work's (see `unitOfWorkDataSource`) until they move to `Database`.
 */
const DATA_SOURCE_REPOSITORIES = [PhoneWorkRepository, WorkAssignmentRepository] as const;

/**
 * Repositories are plain classes of `@scb/persistence` (no Nest there), each built once over the
 * process's `Database` and shared by every feature module, which injects them by class.
 */
const providers: Provider[] = [
  ...REPOSITORIES.map((type) => ({
    provide: type,
    inject: [Database],
    useFactory: (db: Database) => new type(db),
  })),
  ...DATA_SOURCE_REPOSITORIES.map((type) => ({
    provide: type,
    inject: [Database],
    useFactory: (db: Database) => new type(unitOfWorkDataSource(db)),
  })),
];

@Global()
@Module({ providers, exports: [...REPOSITORIES, ...DATA_SOURCE_REPOSITORIES] })
export class ApiRepositoriesModule {}
