import type { UnitOfWork } from '@scb/core';
import type { WorkQueueChange } from '@scb/persistence';
import type { WorkQueueChangeRecorder } from '@scb/work-queues';

/**
 * The BullMQ projection's writer side for unit tests: keeps what a use case recorded, and moves
 * it to `committed` only when the unit of work it was recorded in commits (recording outside a
 * unit of work throws, as the real one does).
 */
export class RecordingWorkQueueChanges implements WorkQueueChangeRecorder {
  readonly committed: WorkQueueChange[] = [];

  constructor(private readonly uow: UnitOfWork) {}

  async record(changes: WorkQueueChange[], _options?: { background?: boolean }): Promise<void> {
    if (changes.length === 0) return;
    this.uow.afterCommit(() => void this.committed.push(...changes));
  }
}
