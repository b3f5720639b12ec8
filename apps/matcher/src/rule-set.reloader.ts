import { Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { RuleSetProvider } from '@scb/matching';

/**
 * Loads the matching rules before the consumer starts, then polls for a newer version so an
 * admin's change applies within `pollMs` without a restart. A failed poll keeps the rules in use.
 */
export class RuleSetReloader implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(RuleSetReloader.name);
  private timer: NodeJS.Timeout | null = null;
  private polling: Promise<void> | null = null;

  constructor(
    private readonly provider: RuleSetProvider,
    private readonly pollMs: number,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.poll();
    this.timer = setInterval(() => {
      this.polling ??= this.poll().finally(() => (this.polling = null));
    }, this.pollMs);
  }

  private async poll(): Promise<void> {
    try {
      const version = await this.provider.refresh();
      if (version !== null) this.logger.log({ message: 'matching rules loaded', version });
    } catch (error) {
      this.logger.warn({
        message: 'matching rules reload failed; keeping the current version',
        version: this.provider.current().version,
        error: (error as Error).message,
      });
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.polling;
  }
}
