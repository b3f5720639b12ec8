import {
  Global,
  Injectable,
  Module,
  type DynamicModule,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { Database, WorkAssignmentRepository, WorkQueueChangeRepository } from '@scb/persistence';
import { ClaimNextWork, WorkQueueGateway, WorkQueueProjector } from '@scb/work-queues';
import { HealthRegistry } from './health-registry';

@Injectable()
class WorkQueuesLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(
    private readonly gateway: WorkQueueGateway,
    private readonly projector: WorkQueueProjector,
    private readonly health: HealthRegistry,
  ) {}

  onModuleInit(): void {
    this.health.register('redis', () => this.gateway.ping());
  }

  async onApplicationShutdown(): Promise<void> {
    // Hand-outs' projections run in the background: let them finish before Redis goes.
    await this.projector.settled();
    await this.gateway.close();
  }
}

/**
 * The BullMQ queues shared by phone and social work, the one projector that writes work-item
 * jobs to them, and the hand-out use case. Needs DatabaseModule.
 */
@Global()
@Module({})
export class WorkQueuesModule {
  static forRoot(options: { redisUrl: string; prefix: string }): DynamicModule {
    return {
      module: WorkQueuesModule,
      providers: [
        {
          provide: WorkQueueGateway,
          useFactory: () => new WorkQueueGateway(options.redisUrl, options.prefix),
        },
        {
          provide: WorkQueueProjector,
          inject: [Database, WorkQueueGateway],
          useFactory: (db: Database, gateway: WorkQueueGateway) =>
            new WorkQueueProjector(db, new WorkQueueChangeRepository(db), gateway),
        },
        {
          provide: ClaimNextWork,
          inject: [Database, WorkQueueProjector],
          useFactory: (db: Database, projector: WorkQueueProjector) =>
            new ClaimNextWork(db, new WorkAssignmentRepository(db), projector),
        },
        WorkQueuesLifecycle,
      ],
      exports: [WorkQueueGateway, WorkQueueProjector, ClaimNextWork],
    };
  }
}
