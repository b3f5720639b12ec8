import { randomUUID } from 'node:crypto';
import { Module, type DynamicModule } from '@nestjs/common';
import { qualifiedTopic, Topics } from '@scb/contracts';
import { afinnSentiment, BatchCaseMatcher, RuleSetProvider, tinyldLanguage } from '@scb/matching';
import { DeadLetterPublisher, EventPublisher, OutboxRelay } from '@scb/messaging';
import type { Clock, UnitOfWork } from '@scb/core';
import {
  CustomerMergeRepository,
  Database,
  HeldBrandPostRepository,
  MatchingRulesRepository,
  MentionCaseRepository,
  OutboxRepository,
} from '@scb/persistence';
import { ServiceMetrics } from '@scb/observability';
import { CLOCK, DatabaseModule, HealthModule, KafkaModule, UNIT_OF_WORK } from '@scb/platform';
import { HeldBrandPostsRetrier } from './held-brand-posts.retrier';
import { HeldBrandPostsStep } from './held-brand-posts.step';
import type { MatcherConfig } from './matcher.config';
import { MentionsController } from './mentions.controller';
import { RuleSetReloader } from './rule-set.reloader';
import { RecordMentionBatch } from './usecases/record-mention-batch/record-mention-batch.usecase';

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
          inject: [Database],
          useFactory: (db: Database) => new MentionCaseRepository(db, topic(Topics.caseEvents)),
        },
        {
          provide: CustomerMergeRepository,
          inject: [Database],
          useFactory: (db: Database) => new CustomerMergeRepository(db),
        },
        {
          provide: OutboxRepository,
          inject: [Database],
          useFactory: (db: Database) => new OutboxRepository(db),
        },
        {
          provide: OutboxRelay,
          inject: [OutboxRepository, UNIT_OF_WORK, EventPublisher, CLOCK, ServiceMetrics],
          useFactory: (
            outbox: OutboxRepository,
            uow: UnitOfWork,
            publisher: EventPublisher,
            clock: Clock,
            metrics: ServiceMetrics,
          ) =>
            new OutboxRelay(
              { outbox, uow, publisher, clock, metrics },
              { pollMs: config.OUTBOX_POLL_MS, batchSize: config.OUTBOX_BATCH_SIZE },
            ),
        },
        {
          provide: DeadLetterPublisher,
          inject: [EventPublisher, CLOCK],
          useFactory: (publisher: EventPublisher, clock: Clock) =>
            new DeadLetterPublisher(
              publisher,
              topic(Topics.mentions),
              topic(Topics.mentionsDeadLetter),
              clock,
            ),
        },
        {
          provide: BatchCaseMatcher,
          useFactory: () => new BatchCaseMatcher(randomUUID, afinnSentiment, tinyldLanguage),
        },
        {
          provide: RuleSetProvider,
          inject: [Database],
          useFactory: (db: Database) => new RuleSetProvider(new MatchingRulesRepository(db)),
        },
        {
          provide: RuleSetReloader,
          inject: [RuleSetProvider],
          useFactory: (provider: RuleSetProvider) =>
            new RuleSetReloader(provider, config.MATCHER_RULES_POLL_MS),
        },
        {
          provide: HeldBrandPostsStep,
          inject: [Database, CLOCK, ServiceMetrics],
          useFactory: (db: Database, clock: Clock, m: ServiceMetrics) =>
            new HeldBrandPostsStep(
              new HeldBrandPostRepository(db),
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
          provide: RecordMentionBatch,
          inject: [
            UNIT_OF_WORK,
            MentionCaseRepository,
            CustomerMergeRepository,
            BatchCaseMatcher,
            RuleSetProvider,
            DeadLetterPublisher,
            OutboxRelay,
            CLOCK,
            ServiceMetrics,
            HeldBrandPostsStep,
          ],
          useFactory: (
            uow: UnitOfWork,
            mentionCases: MentionCaseRepository,
            merges: CustomerMergeRepository,
            matcher: BatchCaseMatcher,
            rules: RuleSetProvider,
            deadLetters: DeadLetterPublisher,
            relay: OutboxRelay,
            clock: Clock,
            metrics: ServiceMetrics,
            heldBrandPosts: HeldBrandPostsStep,
          ) => {
            // Every outcome series from the start, so rate() sees the first decision.
            void metrics.matcherDecisions;
            return new RecordMentionBatch({
              uow,
              mentionCases,
              merges,
              matcher,
              rules,
              deadLetters,
              relay,
              clock,
              newId: randomUUID,
              metrics,
              heldBrandPosts,
            });
          },
        },
        {
          provide: HeldBrandPostsRetrier,
          inject: [HeldBrandPostsStep, BatchCaseMatcher, RuleSetProvider, RecordMentionBatch],
          useFactory: (
            step: HeldBrandPostsStep,
            matcher: BatchCaseMatcher,
            rules: RuleSetProvider,
            recordMentionBatch: RecordMentionBatch,
          ) =>
            new HeldBrandPostsRetrier(
              step,
              matcher,
              rules,
              recordMentionBatch,
              Math.min(config.MATCHER_HOLD_FIRST_DELAY_MS, 1000),
            ),
        },
      ],
    };
  }
}
