import { Injectable } from '@nestjs/common';
import { CaseQueryRepository, type Page } from '@scb/persistence';
import { WorkQueueGateway } from '@scb/work-queues';
import { listEnvelope } from '@scb/contracts';

/** Queues as the dashboard shows them: work items from Postgres beside BullMQ's own counts. */
@Injectable()
export class QueueOverviewService {
  constructor(
    private readonly cases: CaseQueryRepository,
    private readonly queues: WorkQueueGateway,
  ) {}

  /**
   * Every queue (`items`, and `queues` as before, deprecated); `limit`/`offset` page the work
   * items listed inside each queue, not the queues.
   */
  async overview(page: Page) {
    const queues = await this.cases.listQueues(page);
    const items = await Promise.all(
      queues.map(async (queue) => ({ ...queue, bullmq: await this.queues.counts(queue.name) })),
    );
    return listEnvelope(items, { total: items.length, ...page }, 'queues');
  }
}
