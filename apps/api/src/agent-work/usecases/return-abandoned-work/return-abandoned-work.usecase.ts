import { Logger } from '@nestjs/common';
import type { UnitOfWork } from '@scb/core';
import type { WorkAssignmentRepository } from '@scb/persistence';
import type { WorkQueueChangeRecorder } from '@scb/work-queues';

/**
 * Gives back to their queues the handed-out but unaccepted items of agents who are offline or
 * silent for longer than `heartbeatTimeoutSeconds`, recording their BullMQ jobs' return in the
 * same unit of work. One UPDATE: two api instances sweeping at once never return an item twice.
 * Resolves to how many items went back. (No command: the timeout is configuration, so the
 * module builds it from the settings.)
 */
export class ReturnAbandonedWork {
  private readonly logger = new Logger(ReturnAbandonedWork.name);

  constructor(
    private readonly uow: UnitOfWork,
    private readonly assignments: Pick<WorkAssignmentRepository, 'releaseAbandoned'>,
    private readonly queueChanges: WorkQueueChangeRecorder,
    private readonly heartbeatTimeoutSeconds: number,
  ) {}

  async execute(): Promise<number> {
    const released = await this.uow.run(async () => {
      const items = await this.assignments.releaseAbandoned(this.heartbeatTimeoutSeconds);
      await this.queueChanges.record(items.map((i) => ({ workItemId: i.id, fromQueue: null })));
      return items;
    });
    if (released.length > 0) {
      this.logger.log({ message: 'unaccepted work returned to queues', count: released.length });
    }
    return released.length;
  }
}
