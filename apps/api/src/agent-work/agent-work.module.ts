import { Module } from '@nestjs/common';
import { AgentRepository, WorkAssignmentRepository } from '@scb/persistence';
import { Database } from '@scb/persistence';
import { ClaimNextWork, SlaClock, WorkQueueProjector } from '@scb/work-queues';
import { ApiSettings } from '../config/api-settings';
import { PhoneIntakeModule } from '../phone-intake/phone-intake.module';
import { AbandonedWorkSweeper } from './abandoned-work.sweeper';
import { AgentWorkService } from './agent-work.service';
import { WorkItemsController } from './work-items.controller';

/**
 * Agents pulling, accepting, completing, putting back and transferring work, and the sweeper that
 * gives back the work of agents whose heartbeat stopped. (The service and sweeper take plain
 * values: they are built here from the settings.)
 */
@Module({
  imports: [PhoneIntakeModule],
  controllers: [WorkItemsController],
  providers: [
    {
      provide: AgentWorkService,
      inject: [
        AgentRepository,
        WorkAssignmentRepository,
        ClaimNextWork,
        Database,
        WorkQueueProjector,
        SlaClock,
        ApiSettings,
      ],
      useFactory: (
        agents: AgentRepository,
        assignments: WorkAssignmentRepository,
        claimNext: ClaimNextWork,
        db: Database,
        projector: WorkQueueProjector,
        sla: SlaClock,
        settings: ApiSettings,
      ) =>
        new AgentWorkService(
          agents,
          assignments,
          claimNext,
          db,
          projector,
          sla,
          settings.AGENT_HEARTBEAT_TIMEOUT_S,
        ),
    },
    {
      provide: AbandonedWorkSweeper,
      inject: [AgentWorkService, ApiSettings],
      useFactory: (work: AgentWorkService, settings: ApiSettings) =>
        new AbandonedWorkSweeper(work, settings.AGENT_SWEEP_INTERVAL_MS),
    },
  ],
  exports: [AgentWorkService],
})
export class AgentWorkModule {}
