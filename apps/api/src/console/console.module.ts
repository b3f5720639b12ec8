import { Module } from '@nestjs/common';
import type { Clock } from '@scb/core';
import { Database, XReadUsageQuery } from '@scb/persistence';
import { CLOCK } from '@scb/platform';
import { FindModule } from '../find/find.module';
import { CasesController } from './cases.controller';
import { DashboardController } from './dashboard.controller';
import { LiveFeedService } from './live-feed.service';
import { LiveController } from './live.controller';
import { QueueOverviewService } from './queue-overview.service';
import { QueuesController } from './queues.controller';
import { SlaEventsController } from './sla-events.controller';
import { XReadUsageReader } from './x-read-usage.reader';

/** The console's read models: dashboard, live feed, queues, cases with their timeline, SLA events. */
@Module({
  // CasesController lists cases through FindModule's SearchCases.
  imports: [FindModule],
  controllers: [
    CasesController,
    QueuesController,
    SlaEventsController,
    DashboardController,
    LiveController,
  ],
  providers: [
    LiveFeedService,
    QueueOverviewService,
    {
      provide: XReadUsageReader,
      inject: [Database, CLOCK],
      useFactory: (db: Database, clock: Clock) =>
        new XReadUsageReader(new XReadUsageQuery(db), clock),
    },
  ],
})
export class ConsoleModule {}
