import { Logger } from '@nestjs/common';
import { z } from 'zod';
import { databaseEnv, kafkaEnv, loadConfig, redisEnv } from '@scb/config';
import { createKafka, parseBrokers } from '@scb/messaging';
import { createDataSource } from '@scb/persistence';

export const BenchConfigSchema = z.object({
  ...databaseEnv,
  ...kafkaEnv,
  ...redisEnv,
  BENCH_MENTIONS: z.coerce.number().int().min(1).default(20_000),
  BENCH_AUTHORS: z.coerce.number().int().min(1).default(10_000),
  /** Known customers seeded (set-based) before the run; every other bench author is one of them. */
  BENCH_CUSTOMERS: z.coerce.number().int().min(0).default(0),
  BENCH_PUBLISH_CHUNK: z.coerce.number().int().min(1).max(10_000).default(500),
  BENCH_TIMEOUT_S: z.coerce.number().int().min(1).default(600),
  /** Where services.sh keeps the services' pid files (the CPU of each is read from /proc). */
  SCB_RUN_DIR: z.string().optional(),
});
export type BenchConfig = z.infer<typeof BenchConfigSchema>;

/** The namespace the bench script exported, and clients for it. */
export function benchEnvironment() {
  const config = loadConfig(BenchConfigSchema);
  const logger = new Logger('bench', { timestamp: false });
  const kafka = createKafka(
    { brokers: parseBrokers(config.KAFKA_BROKERS), clientId: 'scb-bench' },
    logger,
  );
  const dataSource = createDataSource({
    url: config.DATABASE_URL,
    schema: config.DB_SCHEMA,
    poolSize: 2,
    applicationName: 'scb-bench',
  });
  return { config, kafka, dataSource };
}
