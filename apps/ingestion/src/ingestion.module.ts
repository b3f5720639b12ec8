import { Module, type DynamicModule } from '@nestjs/common';
import { qualifiedTopic, Topics } from '@scb/contracts';
import { DeadLetterPublisher, EventPublisher } from '@scb/messaging';
import { HealthModule, KafkaModule } from '@scb/platform';
import type { IngestionConfig } from './ingestion.config';
import { GenericWebhookController } from './generic-webhook.controller';
import { GenericWebhookService } from './generic-webhook.service';
import { MentionPublisher } from './mention.publisher';
import { MetaWebhookController } from './meta-webhook.controller';
import { MetaWebhookService } from './meta-webhook.service';
import { MentionReplaySource } from './mention-replay.source';

@Module({})
export class IngestionModule {
  static register(config: IngestionConfig): DynamicModule {
    const topic = (name: string) => qualifiedTopic(config.KAFKA_TOPIC_PREFIX, name);
    return {
      module: IngestionModule,
      imports: [
        HealthModule,
        KafkaModule.forRoot({
          brokers: config.KAFKA_BROKERS,
          clientId: `${config.KAFKA_CLIENT_ID}-ingestion`,
        }),
      ],
      controllers: [GenericWebhookController, MetaWebhookController],
      providers: [
        {
          provide: MentionPublisher,
          inject: [EventPublisher],
          useFactory: (p: EventPublisher) => new MentionPublisher(p, topic(Topics.mentions)),
        },
        {
          provide: DeadLetterPublisher,
          inject: [EventPublisher],
          useFactory: (p: EventPublisher) =>
            new DeadLetterPublisher(p, 'ingestion', topic(Topics.mentionsDeadLetter)),
        },
        {
          provide: MentionReplaySource,
          inject: [MentionPublisher, DeadLetterPublisher],
          useFactory: (m: MentionPublisher, d: DeadLetterPublisher) =>
            new MentionReplaySource(m, d, config.REPLAY_CHUNK_SIZE),
        },
        {
          provide: GenericWebhookService,
          inject: [MentionPublisher, DeadLetterPublisher],
          useFactory: (m: MentionPublisher, d: DeadLetterPublisher) =>
            new GenericWebhookService(m, d, {
              secret: config.WEBHOOK_SECRET,
              maxItems: config.WEBHOOK_MAX_ITEMS,
            }),
        },
        {
          provide: MetaWebhookService,
          inject: [MentionPublisher, DeadLetterPublisher],
          useFactory: (m: MentionPublisher, d: DeadLetterPublisher) =>
            new MetaWebhookService(m, d, {
              appSecret: config.META_APP_SECRET,
              verifyToken: config.META_VERIFY_TOKEN,
            }),
        },
      ],
      exports: [MentionReplaySource],
    };
  }
}
