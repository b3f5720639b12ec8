import { Module } from '@nestjs/common';
import { FindModule } from '../find/find.module';
import { CasesController } from './cases.controller';
import { DashboardController } from './dashboard.controller';
import { LiveFeedService } from './live-feed.service';
import { LiveController } from './live.controller';
import { QueueOverviewService } from './queue-overview.service';
import { QueuesController } from './queues.controller';
import { SlaEventsController } from './sla-events.controller';

/** The console's read models: dashboard, live feed, queues, cases with their timeline, SLA events. */
@Module({
  // CasesController lists cases through FindModule's SearchCasesUseCase.
  imports: [FindModule],
  controllers: [
    CasesController,
    QueuesController,
    SlaEventsController,
    DashboardController,
    LiveController,
  ],
  providers: [LiveFeedService, QueueOverviewService],
})
export class ConsoleModule {}
