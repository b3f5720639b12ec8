import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { HealthRegistry } from '@scb/platform';
import type { SourceState, XPollingSource } from '@scb/social-sources';

export interface SourceReport {
  name: string;
  status: SourceState;
  counters: XPollingSource['counters'];
}

/** Starts the polling sources with the app, stops them with it, and reports their state. */
export class PollingSources implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    private readonly sources: XPollingSource[],
    private readonly health: HealthRegistry,
  ) {}

  onApplicationBootstrap(): void {
    if (this.sources.length === 0) return;
    // Rate-limited is a normal state; only failing sources make the service degraded.
    this.health.register('sources', async () => {
      const failing = this.report().filter((s) => s.status.state === 'failing');
      if (failing.length > 0)
        throw new Error(failing.map((s) => `${s.name}: ${JSON.stringify(s.status)}`).join('; '));
      return { sources: this.report().map((s) => ({ name: s.name, ...s.status })) };
    });
    for (const source of this.sources) source.start();
  }

  report(): SourceReport[] {
    return this.sources.map((s) => ({
      name: s.name,
      status: s.state(),
      counters: { ...s.counters },
    }));
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.sources.map((s) => s.stop()));
  }
}
