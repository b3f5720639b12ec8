import { systemClock, type Clock } from '@scb/core';
import type { RoutingConfigRepository } from '@scb/persistence';
import type { RoutingPolicy } from '@scb/routing';

/**
 * The routing rules and queues as the router and the phone API apply them. Reloaded when older
 * than `maxAgeMs`, so an admin's change takes effect within seconds in every running process
 * without a restart, and a hot path does not query the rules for every item.
 */
export class RoutingPolicyCache {
  private cached: { policy: RoutingPolicy; loadedAt: number } | null = null;

  constructor(
    private readonly config: RoutingConfigRepository,
    private readonly maxAgeMs = 2_000,
    private readonly clock: Clock = systemClock,
  ) {}

  async current(): Promise<RoutingPolicy> {
    const now = this.clock.now().getTime();
    if (!this.cached || now - this.cached.loadedAt > this.maxAgeMs) {
      this.cached = { policy: await this.config.loadPolicy(), loadedAt: now };
    }
    return this.cached.policy;
  }

  /** After a change made by this process, so its own next decision already follows it. */
  invalidate(): void {
    this.cached = null;
  }
}
