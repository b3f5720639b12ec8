import { Module, type DynamicModule } from '@nestjs/common';
import { DatabaseModule, HealthModule, RoutingConfigModule, WorkQueuesModule } from '@scb/platform';
import { AdminModule } from './admin/admin.module';
import { AgentWorkModule } from './agent-work/agent-work.module';
import type { ApiConfig } from './api.config';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { CaseMergeModule } from './case-merge/case-merge.module';
import { ApiSettingsModule } from './config/api-settings';
import { ConsoleModule } from './console/console.module';
import { CrmSyncModule } from './crm-sync/crm-sync.module';
import { CustomersModule } from './customers/customers.module';
import { FindModule } from './find/find.module';
import { IdentitiesModule } from './identities/identities.module';
import { ApiRepositoriesModule } from './persistence/api-repositories.module';
import { PhoneIntakeModule } from './phone-intake/phone-intake.module';
import { RepliesModule } from './replies/replies.module';

/**
 * The api: the infrastructure (Postgres, BullMQ, the routing policy), the validated settings
 * (`ApiSettings`, injected by class) and one module per feature. `config` is read here only, to
 * connect the infrastructure; features read what they need from `ApiSettings`.
 */
@Module({})
export class ApiModule {
  static forRoot(config: ApiConfig): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        ApiSettingsModule.forRoot(config),
        HealthModule,
        DatabaseModule.forRoot({
          url: config.DATABASE_URL,
          schema: config.DB_SCHEMA,
          poolSize: config.DB_POOL_SIZE,
          applicationName: 'scb-api',
        }),
        WorkQueuesModule.forRoot({ redisUrl: config.REDIS_URL, prefix: config.QUEUE_PREFIX }),
        RoutingConfigModule.forRoot({ redisUrl: config.REDIS_URL, prefix: config.QUEUE_PREFIX }),
        ApiRepositoriesModule,
        AuthModule,
        AuditModule,
        ConsoleModule,
        AgentWorkModule,
        AdminModule,
        RepliesModule,
        CaseMergeModule,
        CustomersModule,
        FindModule,
        IdentitiesModule,
        PhoneIntakeModule,
        CrmSyncModule,
      ],
    };
  }
}
