import { Module } from '@nestjs/common';
import type { UnitOfWork } from '@scb/core';
import { WorkAssignmentRepository } from '@scb/persistence';
import { UNIT_OF_WORK } from '@scb/platform';
import { WorkQueueProjector } from '@scb/work-queues';
import { ApiSettings } from '../config/api-settings';
import { PhoneIntakeModule } from '../phone-intake/phone-intake.module';
import { AbandonedWorkSweeper } from './abandoned-work.sweeper';
import { AcceptWork } from './usecases/accept-work/accept-work.usecase';
import { CompleteWork } from './usecases/complete-work/complete-work.usecase';
import { ListHeldWork } from './usecases/list-held-work/list-held-work.usecase';
import { PutBackWork } from './usecases/put-back-work/put-back-work.usecase';
import { RecordHeartbeat } from './usecases/record-heartbeat/record-heartbeat.usecase';
import { ReturnAbandonedWork } from './usecases/return-abandoned-work/return-abandoned-work.usecase';
import { SetAgentPresence } from './usecases/set-agent-presence/set-agent-presence.usecase';
import { TakeNextWork } from './usecases/take-next-work/take-next-work.usecase';
import { TransferWorkToAgent } from './usecases/transfer-work-to-agent/transfer-work-to-agent.usecase';
import { WorkItemsController } from './work-items.controller';

/** The agent-work use cases the agents controller (admin module) calls too. */
const AGENT_USECASES = [TakeNextWork, ListHeldWork, SetAgentPresence, RecordHeartbeat];

/**
 * Agents pulling, accepting, completing, putting back and transferring work, and the sweeper that
 * gives back the work of agents whose heartbeat stopped. (The sweeper and `ReturnAbandonedWork`
 * take plain values: they are built here from the settings.)
 */
@Module({
  imports: [PhoneIntakeModule],
  controllers: [WorkItemsController],
  providers: [
    ...AGENT_USECASES,
    AcceptWork,
    CompleteWork,
    PutBackWork,
    TransferWorkToAgent,
    {
      provide: ReturnAbandonedWork,
      inject: [UNIT_OF_WORK, WorkAssignmentRepository, WorkQueueProjector, ApiSettings],
      useFactory: (
        uow: UnitOfWork,
        assignments: WorkAssignmentRepository,
        projector: WorkQueueProjector,
        settings: ApiSettings,
      ) => new ReturnAbandonedWork(uow, assignments, projector, settings.AGENT_HEARTBEAT_TIMEOUT_S),
    },
    {
      provide: AbandonedWorkSweeper,
      inject: [ReturnAbandonedWork, ApiSettings],
      useFactory: (returnAbandoned: ReturnAbandonedWork, settings: ApiSettings) =>
        new AbandonedWorkSweeper(returnAbandoned, settings.AGENT_SWEEP_INTERVAL_MS),
    },
  ],
  exports: AGENT_USECASES,
})
export class AgentWorkModule {}
