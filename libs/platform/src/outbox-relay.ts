import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { EventPublisher, OutgoingMessage } from '@scb/messaging';
import type { ServiceMetrics } from '@scb/observability';
import type { OutboxRepository } from '@scb/persistence';

/**
 * Drains the transactional outbox to Kafka: right after a write (kick) and on a timer, so events
 * left behind by a crash or a broker outage go out once things recover.
 */
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(
    private readonly outbox: OutboxRepository,
    private readonly publisher: EventPublisher,
    private readonly options: { pollMs: number; batchSize: number },
    private readonly metrics: ServiceMetrics | null = null,
  ) {
    if (metrics) {
      const backlog = metrics.outboxBacklog;
      void metrics.outboxRelayLatency;
      metrics.beforeScrape(async () => backlog.set(await outbox.pendingCount()));
    }
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.kick(), this.options.pollMs);
    this.kick();
  }

  /** Asks for a drain; concurrent requests collapse into one more pass. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain().finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        this.kick();
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      let published: number;
      do {
        published = await this.outbox.publishPending(this.options.batchSize, async (messages) => {
          const byTopic = new Map<string, OutgoingMessage[]>();
          for (const m of messages) {
            const list = byTopic.get(m.topic) ?? [];
            // The stored traceparent: the event is published in the trace of its mention.
            const headers = m.traceparent ? { traceparent: m.traceparent } : undefined;
            list.push({ key: m.key, value: m.value, headers });
            byTopic.set(m.topic, list);
          }
          await this.publisher.publishMany(
            [...byTopic].map(([topic, list]) => ({ topic, messages: list })),
          );
          const now = Date.now();
          for (const m of messages)
            this.metrics?.outboxRelayLatency.observe((now - m.createdAt.getTime()) / 1000);
        });
      } while (published === this.options.batchSize && !this.stopped);
    } catch (error) {
      this.logger.warn({
        message: 'outbox publish failed; will retry',
        error: (error as Error).message,
      });
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
