import { Module, type DynamicModule } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { Clock } from '@scb/core';
import { qualifiedTopic, Topics } from '@scb/contracts';
import { DeadLetterPublisher, EventPublisher } from '@scb/messaging';
import { ServiceMetrics } from '@scb/observability';
import {
  DashboardQueryRepository,
  Database,
  RetentionRepository,
  WorkItemRepository,
} from '@scb/persistence';
import {
  CLOCK,
  DATA_SOURCE,
  DatabaseModule,
  HealthModule,
  KafkaModule,
  RoutingConfigModule,
  RoutingPolicyCache,
  SlaClock,
  WorkQueueMirrorReconciler,
  WorkQueuesModule,
} from '@scb/platform';
import { WorkQueueGateway } from '@scb/work-queues';
import { CaseEventsController } from './case-events.controller';
import { CaseRoutingService } from './case-routing.service';
import { QueueMirrorScheduler } from './queue-mirror.scheduler';
import { RetentionScheduler } from './retention.scheduler';
import { PruneRetainedRows } from './usecases/prune-retained-rows/prune-retained-rows.usecase';
import { SlaTimerProcessor } from './sla-timer.processor';
import type { RouterConfig } from './router.config';

@Module({})
export class RouterModule {
  static register(config: RouterConfig): DynamicModule {
    const topic = (name: string) => qualifiedTopic(config.KAFKA_TOPIC_PREFIX, name);
    return {
      module: RouterModule,
      imports: [
        HealthModule,
        DatabaseModule.forRoot({
          url: config.DATABASE_URL,
          schema: config.DB_SCHEMA,
          poolSize: config.DB_POOL_SIZE,
          applicationName: 'scb-router',
        }),
        KafkaModule.forRoot({
          brokers: config.KAFKA_BROKERS,
          clientId: `${config.KAFKA_CLIENT_ID}-router`,
        }),
        WorkQueuesModule.forRoot({ redisUrl: config.REDIS_URL, prefix: config.QUEUE_PREFIX }),
        RoutingConfigModule.forRoot({
          redisUrl: config.REDIS_URL,
          prefix: config.QUEUE_PREFIX,
          webhooks: {
            secret: config.SLA_WEBHOOK_SECRET,
            timeoutMs: config.SLA_WEBHOOK_TIMEOUT_MS,
            allowedHosts: config.SLA_WEBHOOK_ALLOWED_HOSTS,
          },
        }),
      ],
      controllers: [CaseEventsController],
      providers: [
        {
          provide: WorkItemRepository,
          inject: [DATA_SOURCE],
          useFactory: (ds: DataSource) => new WorkItemRepository(ds),
        },
        {
          provide: DeadLetterPublisher,
          inject: [EventPublisher],
          useFactory: (publisher: EventPublisher) =>
            new DeadLetterPublisher(
              publisher,
              topic(Topics.caseEvents),
              topic(Topics.caseEventsDeadLetter),
            ),
        },
        SlaTimerProcessor,
        {
          provide: QueueMirrorScheduler,
          inject: [WorkItemRepository, WorkQueueGateway],
          useFactory: (repo: WorkItemRepository, queues: WorkQueueGateway) =>
            new QueueMirrorScheduler(
              new WorkQueueMirrorReconciler(repo, queues),
              config.ROUTER_MIRROR_REPAIR_INTERVAL_MS,
            ),
        },
        {
          provide: RetentionScheduler,
          inject: [Database, CLOCK, ServiceMetrics],
          useFactory: (db: Database, clock: Clock, metrics: ServiceMetrics) =>
            new RetentionScheduler(
              new PruneRetainedRows(new RetentionRepository(db), clock, metrics),
              {
                outboxRetentionMs: config.OUTBOX_RETENTION_MS,
                processedEventsRetentionMs: config.PROCESSED_EVENTS_RETENTION_MS,
                batchSize: config.RETENTION_BATCH_SIZE,
                maxBatches: config.RETENTION_MAX_BATCHES,
              },
              config.RETENTION_INTERVAL_MS,
            ),
        },
        {
          provide: CaseRoutingService,
          inject: [
            WorkItemRepository,
            WorkQueueGateway,
            DeadLetterPublisher,
            RoutingPolicyCache,
            SlaClock,
            ServiceMetrics,
            Database,
          ],
          useFactory: (
            repo: WorkItemRepository,
            queues: WorkQueueGateway,
            dlq: DeadLetterPublisher,
            policy: RoutingPolicyCache,
            sla: SlaClock,
            metrics: ServiceMetrics,
            db: Database,
          ) => {
            watchQueueDepths(metrics, new DashboardQueryRepository(db));
            return new CaseRoutingService(repo, queues, dlq, policy, sla, metrics);
          },
        },
      ],
    };
  }
}

/**
 * `scb_queue_depth` and `scb_queue_oldest_age_seconds` per queue and channel, read from the work
 * items at scrape time (phone work enters through the api, so only the store sees every item).
 */
function watchQueueDepths(metrics: ServiceMetrics, dashboard: DashboardQueryRepository): void {
  const depth = metrics.queueDepth;
  const oldest = metrics.queueOldestAge;
  void [metrics.routerDecisions, metrics.mentionToQueue, metrics.slaEvents];
  metrics.beforeScrape(async () => {
    const queues = await dashboard.queueDepths();
    const now = Date.now();
    depth.reset();
    oldest.reset();
    for (const q of queues)
      for (const channel of ['phone', 'social'] as const) {
        const labels = { queue: q.queue, channel };
        depth.set(labels, q[channel].waiting);
        const since = q[channel].oldestWaitingSince;
        oldest.set(labels, since ? Math.max(0, (now - since.getTime()) / 1000) : 0);
      }
  });
}
