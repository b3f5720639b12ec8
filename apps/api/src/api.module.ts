import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR, DiscoveryModule } from '@nestjs/core';
import type { DataSource } from 'typeorm';
import {
  AgentRepository,
  ApiKeyRepository,
  AuditLogRepository,
  CaseQueryRepository,
  CaseTimelineRepository,
  CrmImportRepository,
  Database,
  PersonalDataRepository,
  CustomerMergeRepository,
  DashboardQueryRepository,
  MatchingDryRunRepository,
  MatchingRulesRepository,
  PhoneWorkRepository,
  ReplyRepository,
  RoutingConfigRepository,
  SearchIndexRepository,
  UserRepository,
  WorkAssignmentRepository,
} from '@scb/persistence';
import {
  DATA_SOURCE,
  DatabaseModule,
  HealthModule,
  RoutingConfigModule,
  RoutingPolicyCache,
  SlaClock,
  WorkQueuesModule,
} from '@scb/platform';
import { ServiceMetrics } from '@scb/observability';
import { WorkQueueGateway } from '@scb/work-queues';
import { AbandonedWorkSweeper } from './abandoned-work.sweeper';
import { SearchIndexer } from './search.indexer';
import { AgentWorkService } from './agent-work.service';
import { AgentsController } from './agents.controller';
import type { ApiConfig } from './api.config';
import { AuditLogController } from './audit/audit-log.controller';
import { AuditTrail } from './audit/audit-trail';
import { ApiKeysController } from './auth/api-keys.controller';
import { UserAdminService } from './auth/user-admin.service';
import { UsersController } from './auth/users.controller';
import { RoutingConfigService } from './routing-config.service';
import { AuthController } from './auth/auth.controller';
import { AuthGuard } from './auth/auth.guard';
import { AuthService } from './auth/auth.service';
import { RedisLoginThrottle } from './auth/redis-login-throttle';
import { BootstrapAdmin } from './auth/bootstrap-admin';
import { RouteCatalog } from './auth/route-catalog';
import { SessionCookie } from './auth/session-cookie';
import { CasesController } from './cases.controller';
import { CustomersController } from './customers.controller';
import { FindModule } from './find.module';
import { CrmImportController } from './crm-import.controller';
import { DashboardController } from './dashboard.controller';
import { LiveFeedService } from './live-feed.service';
import { LIVE_HEARTBEAT_MS, LiveController } from './live.controller';
import { MatchingDryRunService } from './matching-dry-run.service';
import { MatchingRulesController } from './matching-rules.controller';
import { MetaReplyClient } from './meta-reply.client';
import { PhoneIntakeService } from './phone-intake.service';
import { QueueOverviewService } from './queue-overview.service';
import { QueuesController } from './queues.controller';
import { RepliesController } from './replies.controller';
import { ReplyService } from './reply.service';
import { RoutingAdminController } from './routing-admin.controller';
import { SlaEventsController } from './sla-events.controller';
import { WorkItemsController } from './work-items.controller';
import { XReplyClient } from './x-reply.client';
import { CsrfGuard, TRUSTED_ORIGINS } from './http-security/csrf.guard';
import { NotifyTargetRedactionInterceptor } from './http-security/notify-target-redaction.interceptor';

const repository = <T>(type: new (ds: DataSource) => T) => ({
  provide: type,
  inject: [DATA_SOURCE],
  useFactory: (ds: DataSource) => new type(ds),
});

@Module({})
export class ApiModule {
  static register(config: ApiConfig): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        DiscoveryModule,
        HealthModule,
        DatabaseModule.forRoot({
          url: config.DATABASE_URL,
          schema: config.DB_SCHEMA,
          poolSize: config.DB_POOL_SIZE,
          applicationName: 'scb-api',
        }),
        WorkQueuesModule.forRoot({ redisUrl: config.REDIS_URL, prefix: config.QUEUE_PREFIX }),
        RoutingConfigModule.forRoot({ redisUrl: config.REDIS_URL, prefix: config.QUEUE_PREFIX }),
        FindModule,
      ],
      controllers: [
        AuthController,
        UsersController,
        ApiKeysController,
        AuditLogController,
        CasesController,
        QueuesController,
        AgentsController,
        WorkItemsController,
        RoutingAdminController,
        SlaEventsController,
        RepliesController,
        CrmImportController,
        CustomersController,
        MatchingRulesController,
        DashboardController,
        LiveController,
      ],
      providers: [
        repository(CaseQueryRepository),
        repository(AgentRepository),
        repository(WorkAssignmentRepository),
        repository(PhoneWorkRepository),
        repository(ReplyRepository),
        repository(DashboardQueryRepository),
        repository(CaseTimelineRepository),
        repository(MatchingDryRunRepository),
        { provide: LIVE_HEARTBEAT_MS, useValue: config.LIVE_HEARTBEAT_MS },
        {
          provide: LiveFeedService,
          inject: [DashboardQueryRepository],
          useFactory: (dashboard: DashboardQueryRepository) =>
            new LiveFeedService(dashboard, config.LIVE_POLL_MS),
        },
        {
          provide: MatchingDryRunService,
          inject: [MatchingRulesRepository, MatchingDryRunRepository],
          useFactory: (rules: MatchingRulesRepository, dryRuns: MatchingDryRunRepository) =>
            new MatchingDryRunService(rules, dryRuns, config.RULE_CHECK_BUDGET_MS),
        },
        repository(UserRepository),
        repository(ApiKeyRepository),
        repository(AuditLogRepository),
        {
          provide: AuditTrail,
          inject: [DATA_SOURCE, AuditLogRepository],
          useFactory: (ds: DataSource, log: AuditLogRepository) => new AuditTrail(ds, log),
        },
        {
          provide: UserAdminService,
          inject: [UserRepository, ApiKeyRepository, AuditTrail],
          useFactory: (users: UserRepository, keys: ApiKeyRepository, audit: AuditTrail) =>
            new UserAdminService(users, keys, audit),
        },
        {
          provide: RoutingConfigService,
          inject: [RoutingConfigRepository, RoutingPolicyCache, AuditTrail],
          useFactory: (
            repository: RoutingConfigRepository,
            policy: RoutingPolicyCache,
            audit: AuditTrail,
          ) =>
            new RoutingConfigService(repository, policy, audit, config.SLA_WEBHOOK_ALLOWED_HOSTS),
        },
        {
          provide: RedisLoginThrottle,
          useFactory: () => new RedisLoginThrottle(config.REDIS_URL, config.QUEUE_PREFIX),
        },
        {
          provide: AuthService,
          inject: [UserRepository, ApiKeyRepository, RedisLoginThrottle],
          useFactory: (
            users: UserRepository,
            keys: ApiKeyRepository,
            throttle: RedisLoginThrottle,
          ) => new AuthService(users, keys, config.SESSION_TTL_S, throttle),
        },
        { provide: SessionCookie, useValue: new SessionCookie(config.AUTH_COOKIE_SECURE) },
        // Before AuthGuard: a forged request is refused whatever its credential.
        { provide: TRUSTED_ORIGINS, useValue: config.TRUSTED_ORIGINS },
        { provide: APP_GUARD, useClass: CsrfGuard },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_INTERCEPTOR, useClass: NotifyTargetRedactionInterceptor },
        RouteCatalog,
        {
          provide: BootstrapAdmin,
          inject: [UserRepository, AuditTrail],
          useFactory: (users: UserRepository, audit: AuditTrail) =>
            new BootstrapAdmin(
              users,
              audit,
              config.BOOTSTRAP_ADMIN_EMAIL && config.BOOTSTRAP_ADMIN_PASSWORD
                ? { email: config.BOOTSTRAP_ADMIN_EMAIL, password: config.BOOTSTRAP_ADMIN_PASSWORD }
                : null,
            ),
        },
        repository(PersonalDataRepository),
        repository(CustomerMergeRepository),
        {
          provide: ReplyService,
          inject: [ReplyRepository, SlaClock],
          useFactory: (replies: ReplyRepository, sla: SlaClock) =>
            new ReplyService(
              replies,
              config.X_USER_ACCESS_TOKEN
                ? new XReplyClient({
                    baseUrl: config.X_API_BASE_URL,
                    userAccessToken: config.X_USER_ACCESS_TOKEN,
                  })
                : null,
              config.META_PAGE_ACCESS_TOKEN
                ? new MetaReplyClient({
                    graphUrl: config.META_GRAPH_URL,
                    pageAccessToken: config.META_PAGE_ACCESS_TOKEN,
                  })
                : null,
              sla,
            ),
        },
        {
          provide: CrmImportRepository,
          inject: [DATA_SOURCE],
          useFactory: (ds: DataSource) => new CrmImportRepository(ds),
        },
        {
          provide: MatchingRulesRepository,
          inject: [DATA_SOURCE],
          useFactory: (ds: DataSource) => new MatchingRulesRepository(ds),
        },
        {
          provide: QueueOverviewService,
          inject: [CaseQueryRepository, WorkQueueGateway],
          useFactory: (cases: CaseQueryRepository, queues: WorkQueueGateway) =>
            new QueueOverviewService(cases, queues),
        },
        {
          provide: AgentWorkService,
          inject: [AgentRepository, WorkAssignmentRepository, WorkQueueGateway, SlaClock],
          useFactory: (
            agents: AgentRepository,
            assignments: WorkAssignmentRepository,
            queues: WorkQueueGateway,
            sla: SlaClock,
          ) =>
            new AgentWorkService(
              agents,
              assignments,
              queues,
              sla,
              config.AGENT_HEARTBEAT_TIMEOUT_S,
            ),
        },
        {
          provide: PhoneIntakeService,
          inject: [PhoneWorkRepository, RoutingPolicyCache, WorkQueueGateway, SlaClock],
          useFactory: (
            repo: PhoneWorkRepository,
            policy: RoutingPolicyCache,
            queues: WorkQueueGateway,
            sla: SlaClock,
          ) => new PhoneIntakeService(repo, policy, queues, sla),
        },
        {
          provide: AbandonedWorkSweeper,
          inject: [AgentWorkService],
          useFactory: (work: AgentWorkService) =>
            new AbandonedWorkSweeper(work, config.AGENT_SWEEP_INTERVAL_MS),
        },
        {
          provide: SearchIndexer,
          inject: [Database, ServiceMetrics],
          useFactory: (db: Database, metrics: ServiceMetrics) =>
            new SearchIndexer(
              new SearchIndexRepository(db),
              {
                intervalMs: config.SEARCH_INDEX_INTERVAL_MS,
                batchSize: config.SEARCH_INDEX_BATCH_SIZE,
                maxBatches: config.SEARCH_INDEX_MAX_BATCHES,
              },
              metrics,
            ),
        },
      ],
    };
  }
}
