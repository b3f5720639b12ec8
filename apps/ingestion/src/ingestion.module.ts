import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { qualifiedTopic, Topics } from '@scb/contracts';
import { DeadLetterPublisher, EventPublisher } from '@scb/messaging';
import { SourceCheckpointRepository } from '@scb/persistence';
import {
  DATA_SOURCE,
  DatabaseModule,
  HealthModule,
  HealthRegistry,
  KafkaModule,
} from '@scb/platform';
import type { IngestionConfig } from './ingestion.config';
import { GenericWebhookController } from './generic-webhook.controller';
import { GenericWebhookService } from './generic-webhook.service';
import { MentionPublisher } from './mention.publisher';
import { MetaWebhookController } from './meta-webhook.controller';
import { MetaWebhookService } from './meta-webhook.service';
import { MentionReplaySource } from './mention-replay.source';
import { PollingSources } from './polling-sources.lifecycle';
import { RedisMentionDeduplicator } from './redis-mention.deduplicator';
import { SourcesController } from './sources.controller';
import { createXSources, wantsXPolling } from './x-sources.factory';

@Module({})
export class IngestionModule {
  /** `polling: false` for one-shot commands (replay) that must not start the X pollers. */
  static register(config: IngestionConfig, options = { polling: true }): DynamicModule {
    const topic = (name: string) => qualifiedTopic(config.KAFKA_TOPIC_PREFIX, name);
    const polling = options.polling && wantsXPolling(config);
    return {
      module: IngestionModule,
      imports: [
        HealthModule,
        KafkaModule.forRoot({
          brokers: config.KAFKA_BROKERS,
          clientId: `${config.KAFKA_CLIENT_ID}-ingestion`,
        }),
        // Postgres only holds the polling checkpoints: without polling the service needs none.
        ...(polling
          ? [
              DatabaseModule.forRoot({
                url: config.DATABASE_URL,
                schema: config.DB_SCHEMA,
                poolSize: config.DB_POOL_SIZE,
                applicationName: 'scb-ingestion',
              }),
            ]
          : []),
      ],
      controllers: [GenericWebhookController, MetaWebhookController, SourcesController],
      providers: [
        ...dedupProviders(config, options.polling),
        {
          provide: MentionPublisher,
          inject: [EventPublisher, RedisMentionDeduplicator],
          useFactory: (p: EventPublisher, dedup: RedisMentionDeduplicator | null) =>
            new MentionPublisher(p, topic(Topics.mentions), dedup),
        },
        {
          provide: DeadLetterPublisher,
          inject: [EventPublisher],
          useFactory: (p: EventPublisher) =>
            new DeadLetterPublisher(p, 'ingestion', topic(Topics.mentionsDeadLetter)),
        },
        {
          provide: MentionReplaySource,
          inject: [EventPublisher, DeadLetterPublisher],
          // A replay publishes what it is given (benchmarks replay the same file on purpose).
          useFactory: (p: EventPublisher, d: DeadLetterPublisher) =>
            new MentionReplaySource(
              new MentionPublisher(p, topic(Topics.mentions)),
              d,
              config.REPLAY_CHUNK_SIZE,
            ),
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
        ...(polling ? pollingProviders(config) : noPolling),
      ],
      exports: [MentionReplaySource],
    };
  }
}

const noPolling: Provider[] = [
  {
    provide: PollingSources,
    inject: [HealthRegistry],
    useFactory: (health: HealthRegistry) => new PollingSources([], health),
  },
];

function pollingProviders(config: IngestionConfig): Provider[] {
  return [
    {
      provide: SourceCheckpointRepository,
      inject: [DATA_SOURCE],
      useFactory: (dataSource: DataSource) => new SourceCheckpointRepository(dataSource),
    },
    {
      provide: PollingSources,
      inject: [SourceCheckpointRepository, MentionPublisher, DeadLetterPublisher, HealthRegistry],
      useFactory: (
        checkpoints: SourceCheckpointRepository,
        mentions: MentionPublisher,
        deadLetters: DeadLetterPublisher,
        health: HealthRegistry,
      ) => new PollingSources(createXSources(config, checkpoints, mentions, deadLetters), health),
    },
  ];
}

/** Live sources share one dedup window in Redis; one-shot commands and `0` go without. */
function dedupProviders(config: IngestionConfig, live: boolean): Provider[] {
  const enabled = live && config.INGESTION_DEDUP_WINDOW_S > 0;
  return [
    {
      provide: RedisMentionDeduplicator,
      useFactory: () =>
        enabled
          ? new RedisMentionDeduplicator(
              config.REDIS_URL,
              `scb-dedup:${config.KAFKA_TOPIC_PREFIX || 'default'}`,
              config.INGESTION_DEDUP_WINDOW_S,
            )
          : null,
    },
  ];
}
