import { Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { ReturnAbandonedWork } from './usecases/return-abandoned-work/return-abandoned-work.usecase';

/**
 * Returns handed-out but unaccepted work of agents who went silent. Every api instance may run
 * it: the release is one UPDATE, so two sweepers never return the same item twice.
 */
export class AbandonedWorkSweeper implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(AbandonedWorkSweeper.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly returnAbandoned: Pick<ReturnAbandonedWork, 'execute'>,
    private readonly intervalMs: number,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => {
      this.running = this.returnAbandoned
        .execute()
        .catch((error: unknown) =>
          this.logger.error({ message: 'sweep failed', error: String(error) }),
        );
    }, this.intervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
