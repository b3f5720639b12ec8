import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { HealthRegistry } from '@scb/platform';
import type { SourceMetricsRegistry, SourceReport, SourceState } from '@scb/social-sources';

/** A source that runs on its own (a poller, the stream), started and stopped with the app. */
export interface LiveSource {
  readonly name: string;
  start(): void;
  stop(): Promise<void>;
  state(): SourceState;
}

/**
 * Starts the live sources with the app and stops them with it; reports every source's state and
 * counters (GET /v1/sources, health, and a structured log line per source every interval).
 */
export class LiveSources implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Sources');
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly sources: LiveSource[],
    private readonly registry: SourceMetricsRegistry,
    private readonly health: HealthRegistry,
    private readonly logEveryMs: number,
  ) {}

  onApplicationBootstrap(): void {
    // Rate-limited and reconnecting are normal states; only failing sources degrade the service.
    this.health.register('sources', async () => {
      const failing = this.report().filter((s) => s.status.state === 'failing');
      if (failing.length > 0)
        throw new Error(failing.map((s) => `${s.name}: ${JSON.stringify(s.status)}`).join('; '));
      return { sources: this.report().map((s) => ({ name: s.name, ...s.status })) };
    });
    for (const source of this.sources) source.start();
    if (this.logEveryMs > 0) {
      this.timer = setInterval(() => this.log(), this.logEveryMs);
      this.timer.unref();
    }
  }

  report(): SourceReport[] {
    return this.registry.report();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await Promise.all(this.sources.map((s) => s.stop()));
    this.log();
  }

  private log(): void {
    for (const source of this.report())
      this.logger.log({
        message: 'source metrics',
        source: source.name,
        kind: source.kind,
        ...source.status,
        ...source.metrics,
      });
  }
}
