import { Module, type DynamicModule } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import {
  AgentRepository,
  CaseQueryRepository,
  PhoneWorkRepository,
  RoutingConfigRepository,
  WorkAssignmentRepository,
} from '@scb/persistence';
import {
  DATA_SOURCE,
  DatabaseModule,
  HealthModule,
  RoutingPolicyCache,
  WorkQueuesModule,
} from '@scb/platform';
import { WorkQueueGateway } from '@scb/work-queues';
import { AbandonedWorkSweeper } from './abandoned-work.sweeper';
import { AgentWorkService } from './agent-work.service';
import { AgentsController } from './agents.controller';
import type { ApiConfig } from './api.config';
import { CasesController } from './cases.controller';
import { PhoneIntakeService } from './phone-intake.service';
import { QueueOverviewService } from './queue-overview.service';
import { QueuesController } from './queues.controller';
import { RoutingAdminController } from './routing-admin.controller';
import { WorkItemsController } from './work-items.controller';

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
        AgentsController,
        WorkItemsController,
        RoutingAdminController,
      ],
      providers: [
        repository(CaseQueryRepository),
        repository(AgentRepository),
        repository(WorkAssignmentRepository),
        repository(PhoneWorkRepository),
        repository(RoutingConfigRepository),
        {
          provide: RoutingPolicyCache,
          inject: [RoutingConfigRepository],
          useFactory: (repo: RoutingConfigRepository) => new RoutingPolicyCache(repo),
        },
        {
          provide: QueueOverviewService,
          inject: [CaseQueryRepository, WorkQueueGateway],
          useFactory: (cases: CaseQueryRepository, queues: WorkQueueGateway) =>
            new QueueOverviewService(cases, queues),
        },
        {
          provide: AgentWorkService,
          inject: [AgentRepository, WorkAssignmentRepository, WorkQueueGateway],
          useFactory: (
            agents: AgentRepository,
            assignments: WorkAssignmentRepository,
            queues: WorkQueueGateway,
          ) => new AgentWorkService(agents, assignments, queues, config.AGENT_HEARTBEAT_TIMEOUT_S),
        },
        {
          provide: PhoneIntakeService,
          inject: [PhoneWorkRepository, RoutingPolicyCache, WorkQueueGateway],
          useFactory: (
            repo: PhoneWorkRepository,
            policy: RoutingPolicyCache,
            queues: WorkQueueGateway,
          ) => new PhoneIntakeService(repo, policy, queues),
        },
        {
          provide: AbandonedWorkSweeper,
          inject: [AgentWorkService],
          useFactory: (work: AgentWorkService) =>
            new AbandonedWorkSweeper(work, config.AGENT_SWEEP_INTERVAL_MS),
        },
      ],
    };
  }
}
