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
