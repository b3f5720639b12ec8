import {
  Global,
  Injectable,
  Module,
  type DynamicModule,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { Clock } from '@scb/core';
import {
  Database,
  RoutingConfigRepository,
  SlaNotificationRepository,
  SlaRepository,
} from '@scb/persistence';
import {
  RoutingPolicyCache,
  SlaClock,
  SlaNotificationDispatcher,
  SlaTimerQueue,
  SlaWebhookNotifier,
  type SlaWebhookOptions,
} from '@scb/work-queues';
import { CLOCK } from './tokens';

export interface SlaTimersOptions {
  redisUrl: string;
  prefix: string;
  /** Given where SLA timers fire (the router): breaches are then delivered to supervisor webhooks. */
  webhooks?: SlaWebhookOptions;
}

@Injectable()
class SlaTimersLifecycle implements OnApplicationShutdown {
  constructor(private readonly timers: SlaTimerQueue) {}

  async onApplicationShutdown(): Promise<void> {
    await this.timers.close();
  }
}

/**
 * Routing configuration and SLA clocks, shared by the router (which routes events and runs the
 * timers) and the api (which routes phone work and stops clocks when work is completed).
 * Needs DatabaseModule and WorkQueuesModule.
 */
@Global()
@Module({})
export class RoutingConfigModule {
  static forRoot(options: SlaTimersOptions): DynamicModule {
    return {
      module: RoutingConfigModule,
      providers: [
        {
          provide: RoutingConfigRepository,
          inject: [Database],
          useFactory: (db: Database) => new RoutingConfigRepository(db),
        },
        {
          provide: RoutingPolicyCache,
          inject: [RoutingConfigRepository, CLOCK],
          useFactory: (repo: RoutingConfigRepository, clock: Clock) =>
            new RoutingPolicyCache(repo, undefined, clock),
        },
        {
          provide: SlaRepository,
          inject: [Database],
          useFactory: (db: Database) => new SlaRepository(db),
        },
        {
          provide: SlaTimerQueue,
          useFactory: () => new SlaTimerQueue(options.redisUrl, options.prefix),
        },
        {
          provide: SlaClock,
          inject: [SlaRepository, SlaTimerQueue, RoutingPolicyCache, CLOCK],
          useFactory: (
            sla: SlaRepository,
            timers: SlaTimerQueue,
            policy: RoutingPolicyCache,
            clock: Clock,
          ) => new SlaClock(sla, timers, policy, clock),
        },
        {
          // Null where no webhooks are configured (the api): breaches are delivered by the router.
          provide: SlaNotificationDispatcher,
          inject: [Database],
          useFactory: (db: Database) =>
            options.webhooks
              ? new SlaNotificationDispatcher(
                  new SlaNotificationRepository(db),
                  new SlaWebhookNotifier(options.webhooks),
                )
              : null,
        },
        SlaTimersLifecycle,
      ],
      exports: [
        RoutingConfigRepository,
        RoutingPolicyCache,
        SlaRepository,
        SlaTimerQueue,
        SlaClock,
        SlaNotificationDispatcher,
      ],
    };
  }
}
