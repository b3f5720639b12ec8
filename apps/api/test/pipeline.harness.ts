import type { INestApplication } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { Kafka } from 'kafkajs';
import { loadConfig } from '@scb/config';
import { qualifiedTopic, Topics } from '@scb/contracts';
import { Database, OutboxRepository } from '@scb/persistence';
import {
  clearDedupKeys,
  consumerCaughtUp,
  dropTopics,
  freshDatabase,
  isolatedEnv,
  seedApiKey,
  testKafka,
  waitFor,
} from '@scb/testing';
import IORedis from 'ioredis';
import { startApi } from '../src/api.app';
import { ApiConfigSchema } from '../src/api.config';
import { startIngestion } from '../../ingestion/src/ingestion.app';
import { IngestionConfigSchema } from '../../ingestion/src/ingestion.config';
import { startMatcher } from '../../matcher/src/matcher.app';
import { MatcherConfigSchema } from '../../matcher/src/matcher.config';
import { startRouter } from '../../router/src/router.app';
import { RouterConfigSchema } from '../../router/src/router.config';

/**
 * The four services as Nest applications in this process, talking only through the real Kafka,
 * Postgres and Redis, in a private namespace (schema, topic prefix, queue prefix).
 */
export class PipelineHarness {
  readonly env = isolatedEnv('e2e');
  readonly kafka: Kafka = testKafka('scb-e2e');
  apps: Record<'api' | 'ingestion' | 'matcher' | 'router', INestApplication> | null = null;
  dataSource!: DataSource;
  /** The dashboards' read-only view of the api: a viewer API key. */
  private viewerKey!: string;
  private dropDatabase!: () => Promise<void>;

  /** `overrides`: extra configuration for every service (e.g. a faster live-feed poll). */
  constructor(private readonly overrides: Record<string, string> = {}) {}

  private config<S extends Parameters<typeof loadConfig>[0]>(schema: S) {
    return loadConfig(schema, {
      ...process.env,
      ...this.env,
      MATCHER_BATCH_SIZE: '100',
      ROUTER_BATCH_SIZE: '100',
      OUTBOX_POLL_MS: '100',
      ROUTER_MIRROR_REPAIR_INTERVAL_MS: '500',
      ...this.overrides,
    });
  }

  async start(): Promise<void> {
    ({ dataSource: this.dataSource, drop: this.dropDatabase } = await freshDatabase(
      this.env.DB_SCHEMA,
    ));
    const [matcher, router, ingestion, api] = [
      await startMatcher(this.config(MatcherConfigSchema)),
      await startRouter(this.config(RouterConfigSchema)),
      await startIngestion(this.config(IngestionConfigSchema)),
      await startApi(this.config(ApiConfigSchema)),
    ];
    this.apps = { matcher, router, ingestion, api };
    this.viewerKey = await seedApiKey(this.dataSource, 'viewer');
  }

  /** Stops the router and starts a fresh one on the same consumer group, as a redeploy would. */
  async restartRouter(): Promise<void> {
    if (!this.apps) throw new Error('pipeline not started');
    await this.apps.router.close();
    this.apps.router = await startRouter(this.config(RouterConfigSchema));
  }

  /**
   * Stops the api and starts a fresh one in the same namespace, as a redeploy or a crash would:
   * work under way (a CRM sync pass) stops where it is. `whileStopped` runs between the stop and
   * the start. Its URL changes: ask `apiUrl` again.
   */
  async restartApi(whileStopped?: () => Promise<void>): Promise<void> {
    if (!this.apps) throw new Error('pipeline not started');
    await this.apps.api.close();
    await whileStopped?.();
    this.apps.api = await startApi(this.config(ApiConfigSchema));
  }

  async apiUrl(): Promise<string> {
    if (!this.apps) throw new Error('pipeline not started');
    return (await this.apps.api.getUrl()).replace('[::1]', '127.0.0.1');
  }

  async apiGet<T>(path: string): Promise<{ status: number; body: T }> {
    if (!this.apps) throw new Error('pipeline not started');
    const response = await fetch(
      `${await this.apps.api.getUrl()}${path}`.replace('[::1]', '127.0.0.1'),
      { headers: { authorization: `Bearer ${this.viewerKey}` } },
    );
    return { status: response.status, body: (await response.json()) as T };
  }

  topic(name: string): string {
    return qualifiedTopic(this.env.KAFKA_TOPIC_PREFIX, name);
  }

  /** Both consumer groups have committed everything on their topics and the outbox is empty. */
  async settled(timeoutMs = 60_000): Promise<void> {
    const outbox = new OutboxRepository(new Database(this.dataSource));
    await waitFor(
      async () =>
        (await consumerCaughtUp(this.kafka, this.topic('matcher'), this.topic(Topics.mentions))) &&
        (await outbox.pendingCount()) === 0 &&
        (await consumerCaughtUp(this.kafka, this.topic('router'), this.topic(Topics.caseEvents))),
      { timeoutMs, intervalMs: 300, what: 'the pipeline to settle' },
    );
  }

  async stop(): Promise<void> {
    if (this.apps) await Promise.all(Object.values(this.apps).map((app) => app.close()));
    this.apps = null;
    await dropTopics(this.kafka, this.env.KAFKA_TOPIC_PREFIX);
    const redis = new IORedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    const keys = await redis.keys(`${this.env.QUEUE_PREFIX}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
    await clearDedupKeys(this.env.KAFKA_TOPIC_PREFIX);
    await this.dropDatabase();
  }
}
