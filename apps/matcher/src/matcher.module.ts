import { randomUUID } from 'node:crypto';
import { Module, type DynamicModule } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { qualifiedTopic, Topics } from '@scb/contracts';
import { afinnSentiment, BatchCaseMatcher, RuleSetProvider, tinyldLanguage } from '@scb/matching';
import { DeadLetterPublisher, EventPublisher } from '@scb/messaging';
import {
  Database,
  HeldBrandPostRepository,
  MatchingRulesRepository,
  MentionCaseRepository,
  OutboxRepository,
} from '@scb/persistence';
import { ServiceMetrics } from '@scb/observability';
import type { Clock } from '@scb/core';
import {
  CLOCK,
  DATA_SOURCE,
  DatabaseModule,
  HealthModule,
  KafkaModule,
  OutboxRelay,
} from '@scb/platform';
import { HeldBrandPostsRetrier } from './held-brand-posts.retrier';
import { HeldBrandPostsStep } from './held-brand-posts.step';
import type { MatcherConfig } from './matcher.config';
import { MentionIntakeService } from './mention-intake.service';
import { MentionsController } from './mentions.controller';
import { RuleSetReloader } from './rule-set.reloader';

@Module({})
export class MatcherModule {
  static register(config: MatcherConfig): DynamicModule {
    const topic = (name: string) => qualifiedTopic(config.KAFKA_TOPIC_PREFIX, name);
    return {
      module: MatcherModule,
      imports: [
        HealthModule,
        DatabaseModule.forRoot({
          url: config.DATABASE_URL,
          schema: config.DB_SCHEMA,
          poolSize: config.DB_POOL_SIZE,
          applicationName: 'scb-matcher',
        }),
        KafkaModule.forRoot({
          brokers: config.KAFKA_BROKERS,
          clientId: `${config.KAFKA_CLIENT_ID}-matcher`,
        }),
      ],
      controllers: [MentionsController],
      providers: [
        {
          provide: MentionCaseRepository,
          inject: [DATA_SOURCE],
          useFactory: (ds: DataSource) => new MentionCaseRepository(ds, topic(Topics.caseEvents)),
        },
        {
          provide: OutboxRepository,
          inject: [DATA_SOURCE],
          useFactory: (ds: DataSource) => new OutboxRepository(ds),
        },
        {
          provide: OutboxRelay,
          inject: [OutboxRepository, EventPublisher, ServiceMetrics],
          useFactory: (outbox: OutboxRepository, publisher: EventPublisher, m: ServiceMetrics) =>
            new OutboxRelay(
              outbox,
              publisher,
              { pollMs: config.OUTBOX_POLL_MS, batchSize: config.OUTBOX_BATCH_SIZE },
              m,
            ),
        },
        {
          provide: DeadLetterPublisher,
          inject: [EventPublisher],
          useFactory: (publisher: EventPublisher) =>
            new DeadLetterPublisher(
              publisher,
              topic(Topics.mentions),
              topic(Topics.mentionsDeadLetter),
            ),
        },
        {
          provide: BatchCaseMatcher,
          useFactory: () => new BatchCaseMatcher(randomUUID, afinnSentiment, tinyldLanguage),
        },
        {
          provide: RuleSetProvider,
          inject: [DATA_SOURCE],
          useFactory: (ds: DataSource) => new RuleSetProvider(new MatchingRulesRepository(ds)),
        },
        {
          provide: RuleSetReloader,
          inject: [RuleSetProvider],
          useFactory: (provider: RuleSetProvider) =>
            new RuleSetReloader(provider, config.MATCHER_RULES_POLL_MS),
        },
        {
          provide: HeldBrandPostsStep,
          inject: [Database, MentionCaseRepository, CLOCK, ServiceMetrics],
          useFactory: (
            db: Database,
            repo: MentionCaseRepository,
            clock: Clock,
            m: ServiceMetrics,
          ) =>
            new HeldBrandPostsStep(
              new HeldBrandPostRepository(db),
              (incoming, decider) => repo.recordBatch(incoming, decider),
              clock,
              {
                firstDelayMs: config.MATCHER_HOLD_FIRST_DELAY_MS,
                maxDelayMs: config.MATCHER_HOLD_MAX_DELAY_MS,
                maxAttempts: config.MATCHER_HOLD_MAX_ATTEMPTS,
                batchSize: config.MATCHER_BATCH_SIZE,
              },
              m,
            ),
        },
        {
          provide: HeldBrandPostsRetrier,
          inject: [HeldBrandPostsStep, BatchCaseMatcher, RuleSetProvider, OutboxRelay],
          useFactory: (
            step: HeldBrandPostsStep,
            matcher: BatchCaseMatcher,
            rules: RuleSetProvider,
            relay: OutboxRelay,
          ) =>
            new HeldBrandPostsRetrier(
              step,
              matcher,
              rules,
              relay,
              Math.min(config.MATCHER_HOLD_FIRST_DELAY_MS, 1000),
            ),
        },
        {
          provide: MentionIntakeService,
          inject: [
            MentionCaseRepository,
            BatchCaseMatcher,
            RuleSetProvider,
            DeadLetterPublisher,
            OutboxRelay,
            ServiceMetrics,
            HeldBrandPostsStep,
          ],
          useFactory: (
            repo: MentionCaseRepository,
            matcher: BatchCaseMatcher,
            rules: RuleSetProvider,
            dlq: DeadLetterPublisher,
            relay: OutboxRelay,
            metrics: ServiceMetrics,
            held: HeldBrandPostsStep,
          ) => {
            // Every outcome series from the start, so rate() sees the first decision.
            void metrics.matcherDecisions;
            return new MentionIntakeService(repo, matcher, rules, dlq, relay, metrics, held);
          },
        },
      ],
    };
  }
}
