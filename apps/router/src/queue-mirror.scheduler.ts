import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { WorkQueueMirrorReconciler } from '@scb/platform';

/** Runs the BullMQ mirror repair every `intervalMs` (0 turns it off); runs never overlap. */
export class QueueMirrorScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(QueueMirrorScheduler.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(
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
      this.running = this.reconciler
        .reconcile()
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
