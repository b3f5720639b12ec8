import { Global, Module, type Provider } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import {
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
} from '@scb/persistence';
import { DATA_SOURCE } from '@scb/platform';

/** The repositories the api's features read and write through (the routing ones come from platform). */
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
 * process's data source and shared by every feature module, which injects them by class.
 */
const providers: Provider[] = REPOSITORIES.map((type) => ({
  provide: type,
  inject: [DATA_SOURCE],
  useFactory: (dataSource: DataSource) => new type(dataSource),
}));

@Global()
@Module({ providers, exports: [...REPOSITORIES] })
export class ApiRepositoriesModule {}
