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

/** The repositories the api's features read and write through. */
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
 * process's data source, joined to the current unit of work (see `unitOfWorkDataSource`), and
 * shared by every feature module, which injects them by class.
 */
const providers: Provider[] = REPOSITORIES.map((type) => ({
  provide: type,
  inject: [Database],
  useFactory: (db: Database) => new type(unitOfWorkDataSource(db)),
}));

@Global()
@Module({ providers, exports: [...REPOSITORIES] })
export class ApiRepositoriesModule {}
