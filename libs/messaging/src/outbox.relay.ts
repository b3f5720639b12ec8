import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Clock, OutboxMessage, OutboxStore, UnitOfWork } from '@scb/core';
import type { ServiceMetrics } from '@scb/observability';
import type { EventPublisher, OutgoingMessage } from './event-publisher';

export interface OutboxRelayDeps {
  /** The outbox (`OutboxRepository` of `@scb/persistence`). */
  outbox: OutboxStore;
  /** Claim, publish and mark happen in one unit of work (the claim's row locks last until commit). */
  uow: UnitOfWork;
  publisher: Pick<EventPublisher, 'publishMany'>;
  /** Measures the relay latency (row written → Kafka acknowledged). */
  clock: Clock;
  metrics?: ServiceMetrics | null;
}

export interface OutboxRelayOptions {
  /** How often the outbox is drained without a kick (ms). */
  pollMs: number;
  /** Messages per claim and Kafka request. */
  batchSize: number;
}

/**
 * Drains the transactional outbox to Kafka: right after a write (kick) and on a timer, so events
 * left behind by a crash or a broker outage go out once things recover. Rows are published in id
 * order and marked published only after Kafka acknowledged them, so a crash in between
 * republishes the same event ids (consumers are idempotent on them), never loses one.
 */
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(
    private readonly deps: OutboxRelayDeps,
    private readonly options: OutboxRelayOptions,
  ) {
    const { metrics, outbox } = deps;
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

  /**
   * Asks for a drain; concurrent requests collapse into one more pass. Call it once the unit of
   * work that wrote the rows has committed (e.g. in `afterCommit`): the drain's own unit of work
   * must not join the writer's.
   */
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

  /**
   * Publishes one batch of pending messages in one unit of work: claims up to `batchSize`, sends
   * them (grouped by topic, each with its stored traceparent) and marks them published once Kafka
   * acknowledged them.
   * @returns how many messages were published (0: the outbox had none free).
   * @throws the publisher's or the database's error; the messages then stay pending.
   */
  async publishBatch(): Promise<number> {
    const { uow, outbox } = this.deps;
    return uow.run(async () => {
      const messages = await outbox.claimPending(this.options.batchSize);
      if (messages.length === 0) return 0;
      await this.deps.publisher.publishMany(byTopic(messages));
      this.observeLatency(messages);
      await outbox.markPublished(messages.map((m) => m.id));
      return messages.length;
    });
  }

  /** Waits for the drain in progress, if any (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    try {
      let published: number;
      do published = await this.publishBatch();
      while (published === this.options.batchSize && !this.stopped);
    } catch (error) {
      this.logger.warn({
        message: 'outbox publish failed; will retry',
        error: (error as Error).message,
      });
    }
  }

  private observeLatency(messages: OutboxMessage[]): void {
    const latency = this.deps.metrics?.outboxRelayLatency;
    if (!latency) return;
    const now = this.deps.clock.now().getTime();
    for (const m of messages) latency.observe((now - m.createdAt.getTime()) / 1000);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}

/** One Kafka batch per topic, in id order within each. */
function byTopic(messages: OutboxMessage[]): Array<{ topic: string; messages: OutgoingMessage[] }> {
  const topics = new Map<string, OutgoingMessage[]>();
  for (const m of messages) {
    const list = topics.get(m.topic) ?? [];
    // The stored traceparent: the event is published in the trace of its mention.
    const headers = m.traceparent ? { traceparent: m.traceparent } : undefined;
    list.push({ key: m.key, value: m.value, headers });
    topics.set(m.topic, list);
  }
  return [...topics].map(([topic, list]) => ({ topic, messages: list }));
}
