import {
  Global,
  Injectable,
  Module,
  type DynamicModule,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { WorkQueueGateway } from '@scb/work-queues';
import { HealthRegistry } from './health-registry';

@Injectable()
class WorkQueuesLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(
    private readonly gateway: WorkQueueGateway,
    private readonly health: HealthRegistry,
  ) {}

  onModuleInit(): void {
    this.health.register('redis', () => this.gateway.ping());
  }

  async onApplicationShutdown(): Promise<void> {
    await this.gateway.close();
  }
}

/** The BullMQ queues shared by phone and social work. */
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
        WorkQueuesLifecycle,
      ],
      exports: [WorkQueueGateway],
    };
  }
}
