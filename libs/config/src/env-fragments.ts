import { z } from 'zod';

const url = (protocols: string[]) =>
  z.string().refine(
    (value) => {
      try {
        return protocols.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    `must be a URL with protocol ${protocols.join(' or ')}`,
  );

/** A SQL identifier we interpolate into search_path, so it is restricted to a safe alphabet. */
const sqlIdentifier = z
  .string()
  .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a lower-case SQL identifier');

export const portEnv = (fallback: number) =>
  z.coerce.number().int().min(0).max(65535).default(fallback);

/**
 * The address a service's HTTP server binds to: `127.0.0.1` (this machine only, what the demo
 * scripts use), `0.0.0.0` (every IPv4 interface: containers), `::` or one interface's address.
 */
export const hostEnv = {
  HOST: z
    .string()
    .trim()
    .regex(
      /^(\d{1,3}(\.\d{1,3}){3}|[0-9a-fA-F:]*:[0-9a-fA-F:.]*|[a-zA-Z0-9]([a-zA-Z0-9.-]{0,251}[a-zA-Z0-9])?)$/,
      'must be an IP address or a host name, e.g. 127.0.0.1 or 0.0.0.0',
    )
    .default('0.0.0.0'),
};

export const databaseEnv = {
  DATABASE_URL: url(['postgres:', 'postgresql:']).default(
    'postgres://postgres@127.0.0.1:5432/test',
  ),
  DB_SCHEMA: sqlIdentifier.default('public'),
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
};

export const kafkaEnv = {
  KAFKA_BROKERS: z
    .string()
    .regex(/^[^,\s]+:\d+(,[^,\s]+:\d+)*$/, 'must be host:port[,host:port...]')
    .default('127.0.0.1:9092'),
  KAFKA_CLIENT_ID: z.string().min(1).default('social-case-bridge'),
  /** Namespaces topics and consumer groups so tests and tenants can share one broker. */
  KAFKA_TOPIC_PREFIX: z
    .string()
    .regex(/^[a-zA-Z0-9._-]*$/, 'may only hold letters, digits, ".", "_" and "-"')
    .default(''),
  KAFKA_MENTION_PARTITIONS: z.coerce.number().int().min(1).max(1000).default(6),
  KAFKA_EVENT_PARTITIONS: z.coerce.number().int().min(1).max(1000).default(6),
  /**
   * How long the topics that carry mention text (`social.mentions.v1` and its dead-letter topic)
   * keep a message, in ms (Kafka's `retention.ms`), set when the project creates them. Default
   * 7 days (Kafka's own default); erasure cannot reach into Kafka, so this bounds how long a
   * text outlives its erasure there.
   */
  KAFKA_MENTION_RETENTION_MS: z.coerce
    .number()
    .int()
    .min(60_000)
    .max(365 * 86_400_000)
    .default(7 * 86_400_000),
};

export const redisEnv = {
  REDIS_URL: url(['redis:', 'rediss:']).default('redis://127.0.0.1:6379'),
  QUEUE_PREFIX: z
    .string()
    .regex(/^[a-zA-Z0-9_-]+$/, 'may only hold letters, digits, "_" and "-"')
    .default('scb'),
};

export const logEnv = {
  LOG_LEVEL: z.enum(['error', 'warn', 'log', 'debug', 'verbose']).default('log'),
  LOG_FORMAT: z.enum(['json', 'text']).default('json'),
  /** OpenTelemetry: spans are exported over OTLP/HTTP only when one of these is set. */
  OTEL_EXPORTER_OTLP_ENDPOINT: url(['http:', 'https:']).optional(),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: url(['http:', 'https:']).optional(),
};

export type KafkaEnv = z.infer<z.ZodObject<typeof kafkaEnv>>;

const DAY_MS = 86_400_000;

/**
 * Retention of the tables that only grow (see docs/reliability.md, "Retention"): published outbox
 * rows and the processed-event ids the router deduplicates case events with. Durations in ms.
 */
export const retentionEnv = {
  /** How often the retention job runs, in ms; 0 turns it off. */
  RETENTION_INTERVAL_MS: z.coerce.number().int().min(0).max(DAY_MS).default(600_000),
  /** Rows one DELETE removes at most: each batch is its own short transaction. */
  RETENTION_BATCH_SIZE: z.coerce.number().int().min(1).max(50_000).default(1_000),
  /** Batches one run deletes at most per table, so a backlog is worked off over several runs. */
  RETENTION_MAX_BATCHES: z.coerce.number().int().min(1).max(10_000).default(100),
  /** How long a published outbox row is kept for diagnosis; pending rows are never pruned. */
  OUTBOX_RETENTION_MS: z.coerce
    .number()
    .int()
    .min(3_600_000, 'must be at least 1 hour (3600000): published rows are kept for diagnosis')
    .max(365 * DAY_MS)
    .default(7 * DAY_MS),
  /**
   * How long a processed-event id is kept after the router processed the event; it must outlive
   * every redelivery (see `retentionBounds`).
   */
  PROCESSED_EVENTS_RETENTION_MS: z.coerce
    .number()
    .int()
    .min(1)
    .max(3 * 365 * DAY_MS)
    .default(30 * DAY_MS),
};

/** Kafka's default `retention.ms` and `segment.ms` (7 days), which the case-event topics keep. */
export const KAFKA_DEFAULT_RETENTION_MS = 7 * DAY_MS;

/**
 * The shortest safe `PROCESSED_EVENTS_RETENTION_MS`: an event can be redelivered as long as it is
 * in its topic (a consumer group whose offsets expired re-reads from the earliest record), and
 * Kafka deletes whole segments, so a record can outlive `retention.ms` by up to a segment's age
 * (`segment.ms`, by default as long as the retention). Twice the longest topic retention covers
 * both; the case-event topics use the broker default (7 days), the mention topics
 * `KAFKA_MENTION_RETENTION_MS`.
 */
export function minProcessedEventsRetentionMs(mentionRetentionMs: number): number {
  return 2 * Math.max(mentionRetentionMs, KAFKA_DEFAULT_RETENTION_MS);
}

/**
 * Cross-field check of `retentionEnv` against `kafkaEnv`, for a schema's `superRefine`: an
 * idempotence key pruned before its last possible redelivery would let a duplicate through.
 */
export function retentionBounds(
  config: { PROCESSED_EVENTS_RETENTION_MS: number; KAFKA_MENTION_RETENTION_MS: number },
  ctx: z.RefinementCtx,
): void {
  const min = minProcessedEventsRetentionMs(config.KAFKA_MENTION_RETENTION_MS);
  if (config.PROCESSED_EVENTS_RETENTION_MS < min)
    ctx.addIssue({
      code: 'custom',
      path: ['PROCESSED_EVENTS_RETENTION_MS'],
      message:
        `must be at least ${min} (twice the longest Kafka retention: max(KAFKA_MENTION_RETENTION_MS, ` +
        `7 days)), so a processed-event id outlives every redelivery of its event`,
    });
}
