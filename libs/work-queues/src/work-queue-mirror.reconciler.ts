import { Logger } from '@nestjs/common';
import type { WorkItemRepository } from '@scb/persistence';
import { planMirrorRepair } from '@scb/routing';
import type { WorkQueueGateway } from './work-queue.gateway';

/**
 * Postgres decides what is waiting; BullMQ mirrors it for the queues phone and social agents
 * see. The projection (`WorkQueueProjector`) keeps the two in step, but a flushed Redis loses jobs
 * no pending change describes, and before the projection a Redis outage between a commit and its
 * BullMQ call leaves the mirror behind, so this pass repairs it: missing jobs added, jobs of
 * items no longer waiting removed. Every step is idempotent, so instances may run it at once.
 */
export class WorkQueueMirrorReconciler {
  private readonly logger = new Logger(WorkQueueMirrorReconciler.name);

  constructor(
    private readonly items: WorkItemRepository,
    private readonly queues: WorkQueueGateway,
  ) {}

  async reconcile(): Promise<{ added: number; removed: number }> {
    // The mirror first, then Postgres: see planMirrorRepair for why this order is safe.
    const mirrored = await this.queues.waitingJobIds(await this.items.mirrorQueueNames());
    const items = await this.items.waitingItems();
    const plan = planMirrorRepair(items, mirrored);
    const byId = new Map(items.map((i) => [i.id, i]));
    await this.queues.enqueue(plan.add.map((id) => byId.get(id)!));
    await this.queues.removeJobs(plan.remove);
    if (plan.add.length + plan.remove.length > 0) {
      this.logger.warn({
        message: 'BullMQ mirror repaired',
        added: plan.add.length,
        removed: plan.remove.length,
      });
    }
    return { added: plan.add.length, removed: plan.remove.length };
  }
}
