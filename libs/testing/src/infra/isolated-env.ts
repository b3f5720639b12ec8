import { randomBytes } from 'node:crypto';

/**
 * Environment overrides that give one test its own Postgres schema, Kafka topics and consumer
 * groups, and BullMQ key prefix on the shared real servers, so tests never see each other's data.
 */
export function isolatedEnv(label = 't'): Record<string, string> {
  const id = `${label}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`.toLowerCase();
  return {
    DB_SCHEMA: id,
    KAFKA_TOPIC_PREFIX: id,
    QUEUE_PREFIX: id,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
    LOG_FORMAT: 'json',
    PORT: '0',
    // The ingestion service's operator endpoints (/v1/sources) need it; other services ignore it.
    INGESTION_OPERATOR_TOKEN: `operator-${randomBytes(16).toString('hex')}`,
    METRICS_PORT: '0',
  };
}

export const testDatabaseUrl = () =>
  process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const testRedisUrl = () => process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
export const testKafkaBrokers = () => process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
