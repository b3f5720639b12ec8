import { Logger, Module, type DynamicModule, type Provider } from '@nestjs/common';
import { type Clock, systemClock } from '@scb/core';
import { qualifiedTopic, Topics } from '@scb/contracts';
import { DeadLetterPublisher, EventPublisher } from '@scb/messaging';
import {
  BrandAccountRepository,
  Database,
  HeldBrandPostRepository,
  SourceCheckpointRepository,
  SourceReadUsageRepository,
} from '@scb/persistence';
import { CLOCK, DatabaseModule, HealthModule, HealthRegistry, KafkaModule } from '@scb/platform';
import { ServiceMetrics } from '@scb/observability';
import { SourceMetricsRegistry, type SourceState } from '@scb/social-sources';
import type { IngestionConfig } from './ingestion.config';
import { GenericWebhookController } from './generic-webhook.controller';
import { GenericWebhookService } from './generic-webhook.service';
import { LiveSources, type LiveSource } from './live-sources.lifecycle';
import { MentionPublisher } from './mention.publisher';
import { mentionSink } from './mention-sink.factory';
import { MetaWebhookController } from './meta-webhook.controller';
import {
  brandAccountSets,
  BrandAccountsRefresher,
  configuredBrandAccounts,
} from './brand-accounts.refresher';
import { InstagramMentionFetcher } from './instagram-mention.fetcher';
import { MetaWebhookService } from './meta-webhook.service';
import { MentionReplaySource } from './mention-replay.source';
import { RedisMentionDeduplicator } from './redis-mention.deduplicator';
import { SourcesController } from './sources.controller';
import { OPERATOR_TOKEN, OperatorTokenGuard } from './operator-token.guard';
import { registerSourceCollectors, SOURCES_PROMETHEUS } from './source-metrics.collectors';
import {
  createXPollingSources,
  createXStreamSources,
  wantsXPolling,
  type XSourceDeps,
} from './x-sources.factory';

/** A push source's state: waiting for requests, or off until its secret is configured. */
const pushState =
  (secret: string | undefined, variable: string): (() => SourceState) =>
  () =>
    secret
      ? { state: 'listening' }
      : { state: 'disabled', reason: `${variable} is not configured` };

@Module({})
export class IngestionModule {
  /** `polling: false` for one-shot commands (replay) that must not start the X pollers or stream. */
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
          retries: config.INGESTION_KAFKA_RETRIES,
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
        // Ingestion runs without Postgres (and so without DatabaseModule's clock) when it polls nothing.
        { provide: CLOCK, useValue: systemClock },
        { provide: OPERATOR_TOKEN, useValue: config.INGESTION_OPERATOR_TOKEN },
        OperatorTokenGuard,
        ...dedupProviders(config, options.polling),
        {
          provide: SourceMetricsRegistry,
          inject: [CLOCK],
          useFactory: (clock: Clock) => {
            const logger = new Logger('Sources');
            return new SourceMetricsRegistry(
              (source, reason) => logger.warn({ message: 'source error', source, reason }),
              clock,
            );
          },
        },
        {
          provide: SOURCES_PROMETHEUS,
          inject: [SourceMetricsRegistry, ServiceMetrics],
          useFactory: (registry: SourceMetricsRegistry, service: ServiceMetrics) =>
            registerSourceCollectors(() => registry.report(), service),
        },
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
          inject: [EventPublisher, DeadLetterPublisher, SourceMetricsRegistry, CLOCK],
          // A replay publishes what it is given (benchmarks replay the same file on purpose).
          useFactory: (
            p: EventPublisher,
            d: DeadLetterPublisher,
            registry: SourceMetricsRegistry,
            clock: Clock,
          ) => {
            let replay: MentionReplaySource | null = null;
            const metrics = registry.register('replay', 'replay', () =>
              replay ? replay.state() : { state: 'idle' },
            );
            replay = new MentionReplaySource(
              new MentionPublisher(p, topic(Topics.mentions)),
              d,
              config.REPLAY_CHUNK_SIZE,
              metrics,
              clock,
            );
            return replay;
          },
        },
        {
          provide: GenericWebhookService,
          inject: [MentionPublisher, DeadLetterPublisher, SourceMetricsRegistry, CLOCK],
          useFactory: (
            m: MentionPublisher,
            d: DeadLetterPublisher,
            r: SourceMetricsRegistry,
            clock: Clock,
          ) => {
            const metrics = r.register(
              'generic-webhook',
              'generic-webhook',
              pushState(config.WEBHOOK_SECRET, 'WEBHOOK_SECRET'),
            );
            return new GenericWebhookService(mentionSink(m, d, metrics), metrics, {
              secret: config.WEBHOOK_SECRET,
              maxItems: config.WEBHOOK_MAX_ITEMS,
              toleranceS: config.WEBHOOK_TIMESTAMP_TOLERANCE_S,
              acceptUntimestamped: config.WEBHOOK_ACCEPT_UNTIMESTAMPED,
              clock,
            });
          },
        },
        {
          provide: MetaWebhookService,
          inject: [MentionPublisher, DeadLetterPublisher, SourceMetricsRegistry, CLOCK],
          useFactory: (
            m: MentionPublisher,
            d: DeadLetterPublisher,
            r: SourceMetricsRegistry,
            clock: Clock,
          ) => {
            const metrics = r.register(
              'meta-webhook',
              'meta-webhook',
              pushState(config.META_APP_SECRET, 'META_APP_SECRET'),
            );
            return new MetaWebhookService(
              mentionSink(m, d, metrics),
              metrics,
              {
                appSecret: config.META_APP_SECRET,
                brandIds: brandAccountSets(config).meta,
                verifyToken: config.META_VERIFY_TOKEN,
                clock,
              },
              config.META_GRAPH_ACCESS_TOKEN
                ? new InstagramMentionFetcher({
                    graphUrl: config.META_GRAPH_URL,
                    accessToken: config.META_GRAPH_ACCESS_TOKEN,
                    attempts: config.META_MENTION_FETCH_ATTEMPTS,
                    firstDelayMs: config.META_MENTION_FETCH_DELAY_MS,
                  })
                : null,
            );
          },
        },
        ...liveSourceProviders(config, options.polling, polling),
      ],
      exports: [MentionReplaySource],
    };
  }
}

/** The pollers (with their Postgres checkpoints) and the stream, when configured and live. */
function liveSourceProviders(config: IngestionConfig, live: boolean, polling: boolean): Provider[] {
  const deps = [
    MentionPublisher,
    DeadLetterPublisher,
    SourceMetricsRegistry,
    HealthRegistry,
    CLOCK,
  ];
  const checkpoints: Provider = {
    provide: SourceCheckpointRepository,
    inject: [Database],
    useFactory: (db: Database) => new SourceCheckpointRepository(db),
  };
  const lifecycle: Provider = {
    provide: LiveSources,
    inject: polling ? [...deps, SourceCheckpointRepository] : deps,
    useFactory: (
      mentions: MentionPublisher,
      deadLetters: DeadLetterPublisher,
      registry: SourceMetricsRegistry,
      health: HealthRegistry,
      clock: Clock,
      store?: SourceCheckpointRepository,
    ) => {
      const x: XSourceDeps = { mentions, deadLetters, registry, clock };
      const sources: LiveSource[] = live
        ? [
            ...(store
              ? createXPollingSources(config, store, x, new SourceReadUsageRepository(store.db))
              : []),
            ...createXStreamSources(config, x),
          ]
        : [];
      return new LiveSources(sources, registry, health, config.SOURCE_METRICS_LOG_MS);
    },
  };
  const held: Provider = {
    provide: HeldBrandPostRepository,
    inject: [Database],
    useFactory: (db: Database) => new HeldBrandPostRepository(db),
  };
  const brandAccounts: Provider = {
    provide: BrandAccountsRefresher,
    inject: [Database, CLOCK],
    useFactory: (db: Database, clock: Clock) =>
      new BrandAccountsRefresher(
        new BrandAccountRepository(db),
        clock,
        brandAccountSets(config),
        configuredBrandAccounts(config),
        config.BRAND_ACCOUNTS_REFRESH_MS,
      ),
  };
  return polling ? [lifecycle, checkpoints, held, brandAccounts] : [lifecycle];
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
