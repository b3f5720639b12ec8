import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
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
  /** 1: the default queue gets an SLA target (one day, every priority), so new items arm SLA timers. */
  BENCH_SLA: z.enum(['0', '1']).default('0'),
  /** Where services.sh keeps the services' pid files (the CPU of each is read from /proc). */
  SCB_RUN_DIR: z.string().optional(),
});
export type BenchConfig = z.infer<typeof BenchConfigSchema>;

/**
 * With `BENCH_SLA=1`, gives the default queue an SLA target of one day for every priority (none
 * fires during a run), so every new work item starts its SLA clock as in production; without it
 * the bench's queue has no target and no SLA timer is armed. Routers read the policy again within
 * `RoutingPolicyCache`'s 2 s, so call this a few seconds before the first event.
 */
export async function applyBenchSla(config: BenchConfig, dataSource: DataSource): Promise<void> {
  if (config.BENCH_SLA !== '1') return;
  const target = { firstResponseSeconds: 86_400, resolutionSeconds: 86_400 };
  const policy = { targets: Object.fromEntries(['1', '2', '3', '4', '5'].map((p) => [p, target])) };
  await dataSource.query(`UPDATE queues SET sla_policy = $1 WHERE name = 'default'`, [
    JSON.stringify(policy),
  ]);
  console.log('sla: default queue target one day, every priority (SLA timers armed per new item)');
}

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
