import { Server, type CustomTransportStrategy } from '@nestjs/microservices';
import type { Consumer, EachBatchPayload, IHeaders, Kafka } from 'kafkajs';
import { lastValueFrom } from 'rxjs';
import { systemClock, type Clock } from '@scb/core';
import { contextFrom, inSpan, linkFrom } from '@scb/observability';

export interface KafkaRecord {
  key: string | null;
  value: Buffer | null;
  offset: string;
  /** Broker (or producer) timestamp, epoch milliseconds. */
  timestamp: number;
  headers: IHeaders;
}

/** What an `@EventPattern(topic)` handler receives: consecutive records of one partition. */
export interface KafkaBatch {
  topic: string;
  partition: number;
  records: KafkaRecord[];
}

/** One handled batch, as metrics see it; told after its offsets are committed. */
export interface BatchStats {
  groupId: string;
  /** The topic actually consumed (prefixed). */
  topic: string;
  partition: number;
  records: number;
  /** Handling plus offset commit, in seconds. */
  seconds: number;
  /** Records left behind the partition's high watermark once this batch is committed. */
  lag: number;
}

export interface KafkaBatchServerOptions {
  kafka: Kafka;
  groupId: string;
  /** handler pattern (the unprefixed topic name) → the topic actually consumed */
  subscriptions: Record<string, string>;
  /** Records per handler call; offsets are committed after each call succeeds. */
  maxBatchSize: number;
  partitionsConsumedConcurrently: number;
  /** Told about every committed batch (metrics); must not throw. */
  onBatch?: (stats: BatchStats) => void;
  /** Stamps `lastBatchAt` in the consumer's health; the system clock unless given. */
  clock?: Clock;
}

export type ConsumerHealth = {
  status: 'starting' | 'running' | 'stopped' | 'crashed';
  lastError: string | null;
  lastBatchAt: string | null;
};

/**
 * A Nest microservice transport that delivers Kafka records to `@EventPattern` handlers in
 * batches and commits offsets only after the handler resolved (i.e. after its database
 * transaction). A handler that throws leaves the offsets uncommitted: kafkajs retries the batch,
 * so delivery is at-least-once and handlers must be idempotent.
 */
export class KafkaBatchServer extends Server implements CustomTransportStrategy {
  private consumer: Consumer | null = null;
  private health: ConsumerHealth = { status: 'starting', lastError: null, lastBatchAt: null };

  constructor(private readonly options: KafkaBatchServerOptions) {
    super();
  }

  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      await this.start();
      callback();
    } catch (error) {
      callback(error);
    }
  }

  private async start(): Promise<void> {
    const { kafka, groupId, subscriptions } = this.options;
    const consumer = kafka.consumer({
      groupId,
      allowAutoTopicCreation: false,
      sessionTimeout: 30_000,
      heartbeatInterval: 3_000,
      retry: {
        retries: 8,
        initialRetryTime: 300,
        maxRetryTime: 10_000,
        restartOnFailure: async () => true,
      },
    });
    this.consumer = consumer;
    consumer.on(consumer.events.CRASH, (event) => {
      this.health = { ...this.health, status: 'crashed', lastError: String(event.payload.error) };
    });
    consumer.on(consumer.events.GROUP_JOIN, () => {
      this.health = { ...this.health, status: 'running' };
    });
    const patternByTopic = new Map(
      Object.entries(subscriptions).map(([pattern, topic]) => [topic, pattern]),
    );
    for (const pattern of patternByTopic.values()) {
      if (!this.getHandlerByPattern(pattern))
        throw new Error(`no @EventPattern handler for ${pattern}`);
    }
    await consumer.connect();
    await consumer.subscribe({ topics: [...patternByTopic.keys()], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently,
      eachBatch: (payload) => this.consume(payload, patternByTopic),
    });
  }

  private async consume(
    payload: EachBatchPayload,
    patternByTopic: Map<string, string>,
  ): Promise<void> {
    const { batch } = payload;
    const pattern = patternByTopic.get(batch.topic);
    const handler = pattern ? this.getHandlerByPattern(pattern) : null;
    if (!pattern || !handler) throw new Error(`no handler for topic ${batch.topic}`);
    const { maxBatchSize } = this.options;
    for (let start = 0; start < batch.messages.length; start += maxBatchSize) {
      if (!payload.isRunning() || payload.isStale()) return;
      const started = process.hrtime.bigint();
      const chunk = batch.messages.slice(start, start + maxBatchSize);
      const records: KafkaRecord[] = chunk.map((m) => ({
        key: m.key ? m.key.toString('utf8') : null,
        value: m.value,
        offset: m.offset,
        timestamp: Number(m.timestamp),
        headers: m.headers ?? {},
      }));
      // One consumer span per handled chunk: a child of its first record's producer span, linked
      // to every record's, so each mention's trace shows the batch that handled it.
      await inSpan(
        `${batch.topic} process`,
        {
          kind: 'consumer',
          parent: contextFrom(records[0].headers),
          links: records.flatMap((r) => linkFrom(r.headers) ?? []),
          attributes: {
            'messaging.system': 'kafka',
            'messaging.destination.name': batch.topic,
            'messaging.consumer.group.name': this.options.groupId,
            'messaging.batch.message_count': records.length,
          },
        },
        async () => {
          const result: unknown = await handler({
            topic: pattern,
            partition: batch.partition,
            records,
          } satisfies KafkaBatch);
          await lastValueFrom(this.transformToObservable(result), { defaultValue: undefined });
        },
      );
      const last = chunk[chunk.length - 1].offset;
      payload.resolveOffset(last);
      await this.consumer?.commitOffsets([
        { topic: batch.topic, partition: batch.partition, offset: (BigInt(last) + 1n).toString() },
      ]);
      this.health = {
        status: 'running',
        lastError: null,
        lastBatchAt: (this.options.clock ?? systemClock).now().toISOString(),
      };
      this.options.onBatch?.({
        groupId: this.options.groupId,
        topic: batch.topic,
        partition: batch.partition,
        records: chunk.length,
        seconds: Number(process.hrtime.bigint() - started) / 1e9,
        lag: Math.max(0, Number(BigInt(batch.highWatermark) - BigInt(last) - 1n)),
      });
      await payload.heartbeat();
    }
  }

  consumerHealth(): ConsumerHealth {
    return this.health;
  }

  async close(): Promise<void> {
    const consumer = this.consumer;
    this.consumer = null;
    this.health = { ...this.health, status: 'stopped' };
    if (consumer) await consumer.disconnect();
  }

  on(): never {
    throw new Error('KafkaBatchServer does not expose transport events; use consumerHealth()');
  }

  unwrap<T>(): T {
    if (!this.consumer) throw new Error('KafkaBatchServer is not listening');
    return this.consumer as T;
  }
}
