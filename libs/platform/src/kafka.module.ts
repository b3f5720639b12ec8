import {
  Global,
  Inject,
  Injectable,
  Logger,
  Module,
  type DynamicModule,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import type { Admin, Kafka } from 'kafkajs';
import { createKafka, EventPublisher, parseBrokers } from '@scb/messaging';
import { HealthRegistry } from './health-registry';
import { KAFKA } from './tokens';

@Injectable()
class KafkaLifecycle implements OnModuleInit, OnApplicationShutdown {
  private admin: Admin | null = null;

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    private readonly publisher: EventPublisher,
    private readonly health: HealthRegistry,
  ) {}

  onModuleInit(): void {
    this.health.register('kafka', async () => {
      if (!this.admin) {
        this.admin = this.kafka.admin();
        await this.admin.connect();
      }
      const cluster = await this.admin.describeCluster();
      return { brokers: cluster.brokers.length };
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.publisher.disconnect();
    await this.admin?.disconnect();
  }
}

export interface KafkaModuleOptions {
  brokers: string;
  clientId: string;
  /** Send retries before a publish fails to its caller (the client's default when absent). */
  retries?: number;
}

/** The Kafka client and the process's single idempotent producer. */
@Global()
@Module({})
export class KafkaModule {
  static forRoot(options: KafkaModuleOptions): DynamicModule {
    return {
      module: KafkaModule,
      providers: [
        {
          provide: KAFKA,
          useFactory: () =>
            createKafka(
              {
                brokers: parseBrokers(options.brokers),
                clientId: options.clientId,
                retries: options.retries,
              },
              new Logger('Kafka'),
            ),
        },
        {
          provide: EventPublisher,
          inject: [KAFKA],
          useFactory: (kafka: Kafka) => new EventPublisher(kafka),
        },
        KafkaLifecycle,
      ],
      exports: [KAFKA, EventPublisher],
    };
  }
}
