import { Logger, type INestApplication } from '@nestjs/common';
import type { CustomTransportStrategy } from '@nestjs/microservices';
import type { Kafka } from 'kafkajs';
import type { KafkaEnv } from '@scb/config';
import { qualifiedTopic } from '@scb/contracts';
import { ServiceMetrics } from '@scb/observability';
import { createKafka, ensureTopics, KafkaBatchServer, parseBrokers } from '@scb/messaging';
import { HealthRegistry } from './health-registry';
import { projectTopics } from './project-topics';
import { KAFKA } from './tokens';

export interface ConsumerDefinition {
  groupId: string;
  /** Unprefixed topics; each must have an `@EventPattern` handler of the same name. */
  topics: string[];
  maxBatchSize: number;
  partitionsConsumedConcurrently: number;
}

/** Creates the project's topics (idempotent) before a service starts producing or consuming. */
export async function ensureProjectTopics(config: KafkaEnv): Promise<void> {
  const kafka = createKafka(
    { brokers: parseBrokers(config.KAFKA_BROKERS), clientId: `${config.KAFKA_CLIENT_ID}-admin` },
    new Logger('Kafka'),
  );
  await ensureTopics(
    kafka,
    projectTopics({
      prefix: config.KAFKA_TOPIC_PREFIX,
      mentionPartitions: config.KAFKA_MENTION_PARTITIONS,
      eventPartitions: config.KAFKA_EVENT_PARTITIONS,
      mentionRetentionMs: config.KAFKA_MENTION_RETENTION_MS,
    }),
  );
}

/** The batch consumer transport for a hybrid app, with its state reported on `/health`. */
export function kafkaConsumerTransport(config: KafkaEnv, consumer: ConsumerDefinition) {
  return (app: INestApplication): CustomTransportStrategy => {
    const metrics = app.get(ServiceMetrics);
    const server = new KafkaBatchServer({
      kafka: app.get<Kafka>(KAFKA),
      groupId: qualifiedTopic(config.KAFKA_TOPIC_PREFIX, consumer.groupId),
      subscriptions: Object.fromEntries(
        consumer.topics.map((t) => [t, qualifiedTopic(config.KAFKA_TOPIC_PREFIX, t)]),
      ),
      maxBatchSize: consumer.maxBatchSize,
      partitionsConsumedConcurrently: consumer.partitionsConsumedConcurrently,
      onBatch: (stats) => {
        const labels = { group: stats.groupId, topic: stats.topic };
        metrics.kafkaBatchMessages.observe(labels, stats.records);
        metrics.kafkaBatchDuration.observe(labels, stats.seconds);
        metrics.kafkaConsumerLag.set({ ...labels, partition: String(stats.partition) }, stats.lag);
      },
    });
    // Created now, so a scrape before the first batch already lists the consumer's series names.
    void [metrics.kafkaBatchMessages, metrics.kafkaBatchDuration, metrics.kafkaConsumerLag];
    app.get(HealthRegistry).register('consumer', async () => {
      const health = server.consumerHealth();
      if (health.status === 'crashed' || health.status === 'stopped') {
        throw new Error(
          `consumer ${health.status}${health.lastError ? `: ${health.lastError}` : ''}`,
        );
      }
      return { state: health.status, lastError: health.lastError, lastBatchAt: health.lastBatchAt };
    });
    // Readiness also needs group membership: a consumer still joining takes no partitions yet.
    app.get(HealthRegistry).registerReadiness('consumer-group', async () => {
      const health = server.consumerHealth();
      if (health.status !== 'running')
        throw new Error(`consumer group not joined (${health.status})`);
      return { group: qualifiedTopic(config.KAFKA_TOPIC_PREFIX, consumer.groupId) };
    });
    return server;
  };
}
