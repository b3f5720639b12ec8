import { Module, type DynamicModule } from '@nestjs/common';
import type { Clock } from '@scb/core';
import { qualifiedTopic, Topics } from '@scb/contracts';
import { DeadLetterPublisher, EventPublisher } from '@scb/messaging';
import { ServiceMetrics } from '@scb/observability';
import {
  DashboardQueryRepository,
  Database,
  RetentionRepository,
  SlaRepository,
  WorkItemRepository,
} from '@scb/persistence';
import {
  CLOCK,
  DatabaseModule,
  HealthModule,
  KafkaModule,
  RoutingConfigModule,
  WorkQueuesModule,
} from '@scb/platform';
import {
  RoutingPolicyCache,
  SlaClock,
  SlaNotificationDispatcher,
  WorkQueueGateway,
  WorkQueueMirrorReconciler,
  WorkQueueProjector,
} from '@scb/work-queues';
import { CaseEventsController } from './case-events.controller';
import { CaseRoutingService } from './case-routing.service';
import { QueueMirrorScheduler } from './queue-mirror.scheduler';
import { RetentionScheduler } from './retention.scheduler';
import { PruneRetainedRows } from './usecases/prune-retained-rows/prune-retained-rows.usecase';
import { SlaTimerProcessor } from './sla-timer.processor';
import type { RouterConfig } from './router.config';
import { FireSlaStage } from './usecases/fire-sla-stage/fire-sla-stage.usecase';
import { RouteCaseEvents } from './usecases/route-case-events/route-case-events.usecase';

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
          inject: [Database],
          useFactory: (db: Database) => new WorkItemRepository(db),
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
        {
          provide: FireSlaStage,
          inject: [
            Database,
            SlaRepository,
            RoutingPolicyCache,
            WorkQueueProjector,
            SlaClock,
            SlaNotificationDispatcher,
          ],
          useFactory: (
            db: Database,
            sla: SlaRepository,
            policy: RoutingPolicyCache,
            projector: WorkQueueProjector,
            clock: SlaClock,
            notifications: SlaNotificationDispatcher | null,
          ) => new FireSlaStage(db, sla, policy, projector, clock, notifications),
        },
        SlaTimerProcessor,
        {
          provide: QueueMirrorScheduler,
          inject: [WorkItemRepository, WorkQueueGateway, WorkQueueProjector],
          useFactory: (
            repo: WorkItemRepository,
            queues: WorkQueueGateway,
            projector: WorkQueueProjector,
          ) =>
            new QueueMirrorScheduler(
              projector,
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
          provide: RouteCaseEvents,
          inject: [
            Database,
            WorkItemRepository,
            RoutingPolicyCache,
            WorkQueueProjector,
            SlaClock,
            CLOCK,
            ServiceMetrics,
          ],
          useFactory: (
            db: Database,
            repo: WorkItemRepository,
            policy: RoutingPolicyCache,
            projector: WorkQueueProjector,
            sla: SlaClock,
            clock: Clock,
            metrics: ServiceMetrics,
          ) => new RouteCaseEvents(db, repo, policy, projector, sla, clock, metrics),
        },
        {
          provide: CaseRoutingService,
          inject: [RouteCaseEvents, DeadLetterPublisher, ServiceMetrics, Database, CLOCK],
          useFactory: (
            route: RouteCaseEvents,
            dlq: DeadLetterPublisher,
            metrics: ServiceMetrics,
            db: Database,
            clock: Clock,
          ) => {
            watchQueueDepths(metrics, new DashboardQueryRepository(db), clock);
            return new CaseRoutingService(route, dlq, metrics);
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
function watchQueueDepths(
  metrics: ServiceMetrics,
  dashboard: DashboardQueryRepository,
  clock: Clock,
): void {
  const depth = metrics.queueDepth;
  const oldest = metrics.queueOldestAge;
  void [metrics.routerDecisions, metrics.mentionToQueue, metrics.slaEvents];
  metrics.beforeScrape(async () => {
    const queues = await dashboard.queueDepths();
    const now = clock.now().getTime();
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
