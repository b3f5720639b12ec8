import type { CaseQueryRepository, Page } from '@scb/persistence';
import type { WorkQueueGateway } from '@scb/work-queues';

/** Queues as the dashboard shows them: work items from Postgres beside BullMQ's own counts. */
export class QueueOverviewService {
  constructor(
    private readonly cases: CaseQueryRepository,
    private readonly queues: WorkQueueGateway,
  ) {}

  async overview(page: Page) {
    const queues = await this.cases.listQueues(page);
    return {
      queues: await Promise.all(
        queues.map(async (queue) => ({ ...queue, bullmq: await this.queues.counts(queue.name) })),
      ),
    };
  }
}
