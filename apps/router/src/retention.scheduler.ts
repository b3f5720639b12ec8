import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { PruneRetainedRowsCommand } from './usecases/prune-retained-rows/prune-retained-rows.command';
import type { PruneRetainedRows } from './usecases/prune-retained-rows/prune-retained-rows.usecase';

/**
 * Runs the retention job every `intervalMs` (0 turns it off); runs never overlap in a process
 * and the use case's advisory lock keeps replicas from pruning at once.
 */
export class RetentionScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RetentionScheduler.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly prune: PruneRetainedRows,
    private readonly command: PruneRetainedRowsCommand,
    private readonly intervalMs: number,
  ) {}

  onApplicationBootstrap(): void {
    if (this.intervalMs > 0) this.next();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  private next(): void {
    this.timer = setTimeout(() => {
      this.running = this.prune
        .execute(this.command)
        .then((result) => {
          if (result.outbox + result.processedEvents > 0)
            this.logger.log({ message: 'Retention pruned rows past their bounds', ...result });
        })
        .catch((error: unknown) =>
          // Postgres away: the rows wait for the next run, nothing is lost by pruning late.
          this.logger.error({ message: 'Retention run failed', error: String(error) }),
        )
        .finally(() => {
          this.running = null;
          if (!this.stopped) this.next();
        });
    }, this.intervalMs);
    this.timer.unref();
  }
}
