import { Module, type DynamicModule } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import {
  CaseQueryRepository,
  CrmImportRepository,
  MatchingRulesRepository,
} from '@scb/persistence';
import { DATA_SOURCE, DatabaseModule, HealthModule, WorkQueuesModule } from '@scb/platform';
import { WorkQueueGateway } from '@scb/work-queues';
import type { ApiConfig } from './api.config';
import { CasesController } from './cases.controller';
import { CrmImportController } from './crm-import.controller';
import { MatchingRulesController } from './matching-rules.controller';
import { QueueOverviewService } from './queue-overview.service';
import { QueuesController } from './queues.controller';

@Module({})
export class ApiModule {
  static register(config: ApiConfig): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        HealthModule,
        DatabaseModule.forRoot({
          url: config.DATABASE_URL,
          schema: config.DB_SCHEMA,
          poolSize: config.DB_POOL_SIZE,
          applicationName: 'scb-api',
        }),
        WorkQueuesModule.forRoot({ redisUrl: config.REDIS_URL, prefix: config.QUEUE_PREFIX }),
      ],
      controllers: [
        CasesController,
        QueuesController,
        CrmImportController,
        MatchingRulesController,
      ],
      providers: [
        {
          provide: CaseQueryRepository,
          inject: [DATA_SOURCE],
          useFactory: (ds: DataSource) => new CaseQueryRepository(ds),
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
      ],
    };
  }
}
