import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { WorkQueueMirrorReconciler, WorkQueueProjector } from '@scb/work-queues';

/**
 * Every `intervalMs` (0 turns it off), applies the BullMQ changes still pending (their fast path
 * failed: Redis away, or a crash right after commit), then runs the mirror repair (the safety net
 * for what the projection cannot see, e.g. a flushed Redis). Runs never overlap.
 */
export class QueueMirrorScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(QueueMirrorScheduler.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly projector: Pick<WorkQueueProjector, 'drain'>,
    private readonly reconciler: WorkQueueMirrorReconciler,
    private readonly intervalMs: number,
  ) {}

  onApplicationBootstrap(): void {
    if (this.intervalMs > 0) this.schedule();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  private schedule(): void {
    this.timer = setTimeout(() => {
      this.running = this.projector
        .drain()
        .then(() => this.reconciler.reconcile())
        .then(() => undefined)
        .catch((error: unknown) =>
          // A failed pass (Redis or Postgres away) is retried at the next interval.
          this.logger.error({ message: 'BullMQ mirror repair failed', error: String(error) }),
        )
        .finally(() => {
          this.running = null;
          if (!this.stopped) this.schedule();
        });
    }, this.intervalMs);
    this.timer.unref();
  }
}
