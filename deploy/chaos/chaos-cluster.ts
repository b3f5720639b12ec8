import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import IORedis from 'ioredis';
import { Client } from 'pg';
import { PrivateKafka, PrivatePostgres } from './private-infra';
import { SUITE_ADMIN } from './agent-swarm';
import { runTool, ServiceProcess, type ServiceName } from './service-supervisor';

export interface ClusterOptions {
  root: string;
  dir: string;
  pgPort: number;
  kafkaPort: number;
  redisUrl: string;
  basePort: number;
  /**
   * Postgres connections per service process (`DB_POOL_SIZE`); unset: the services' own default
   * (10), as in production. The chaos run keeps 5: with kills and restarts, connections of dead
   * processes linger until Postgres notices them.
   */
  dbPoolSize?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The suite's own Postgres and Kafka, and the service processes of one namespace (schema, topic
 * prefix, queue prefix) on them. Redis is shared and never restarted; our keys carry a prefix.
 */
export class ChaosCluster {
  readonly postgres: PrivatePostgres;
  readonly kafka: PrivateKafka;
  readonly logDir: string;
  private readonly services: ServiceProcess[] = [];
  private nextPort: number;

  constructor(readonly options: ClusterOptions) {
    this.postgres = new PrivatePostgres(options.dir, options.pgPort);
    this.kafka = new PrivateKafka(
      options.root,
      options.dir,
      options.kafkaPort,
      options.kafkaPort + 1,
    );
    this.logDir = join(options.dir, 'logs');
    mkdirSync(this.logDir, { recursive: true });
    this.nextPort = options.basePort;
  }

  startInfra(): void {
    this.postgres.start();
    this.kafka.start();
  }

  env(namespace: string, queuePrefix: string): NodeJS.ProcessEnv {
    return {
      PATH: process.env.PATH,
      DATABASE_URL: this.postgres.url,
      DB_SCHEMA: namespace,
      ...(this.options.dbPoolSize === undefined
        ? {}
        : { DB_POOL_SIZE: String(this.options.dbPoolSize) }),
      KAFKA_BROKERS: this.kafka.brokers,
      KAFKA_TOPIC_PREFIX: namespace,
      REDIS_URL: this.options.redisUrl,
      QUEUE_PREFIX: queuePrefix,
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      LOG_FORMAT: 'json',
      BOOTSTRAP_ADMIN_EMAIL: SUITE_ADMIN.email,
      BOOTSTRAP_ADMIN_PASSWORD: SUITE_ADMIN.password,
      // Long enough for the longest soak; the suite signs in once.
      SESSION_TTL_S: '86400',
    };
  }

  async migrate(env: NodeJS.ProcessEnv): Promise<void> {
    const tool = runTool(
      this.options.root,
      'dist/libs/persistence/src/migrate.cli.js',
      [],
      env,
      join(this.logDir, 'migrate.log'),
    );
    const { code } = await tool.done;
    if (code !== 0) throw new Error(`migrations failed (see ${this.logDir}/migrate.log)`);
  }

  async startService(name: ServiceName, env: NodeJS.ProcessEnv): Promise<ServiceProcess> {
    const instance = this.services.filter((s) => s.name === name).length + 1;
    const service = new ServiceProcess(
      name,
      instance,
      this.nextPort++,
      this.options.root,
      this.logDir,
      env,
    );
    this.services.push(service);
    await service.start();
    return service;
  }

  running(name: ServiceName): ServiceProcess[] {
    return this.services.filter((s) => s.name === name && s.running);
  }

  all(): ServiceProcess[] {
    return [...this.services];
  }

  async stopServices(): Promise<void> {
    await Promise.all(this.services.map((s) => s.stop()));
  }

  async restartKafka(downMs: number): Promise<void> {
    this.kafka.stop();
    await sleep(downMs);
    this.kafka.start();
  }

  /** A crash (immediate stop, WAL recovery), not a polite shutdown. */
  async restartPostgres(downMs: number): Promise<void> {
    this.postgres.stop('immediate');
    await sleep(downMs);
    this.postgres.start();
  }

  /** The first row of a query on the private Postgres (a fresh connection: it may restart). */
  async query<T extends object>(sql: string): Promise<T> {
    const client = new Client({ connectionString: this.postgres.url });
    await client.connect();
    try {
      const { rows } = await client.query<T>(sql);
      return rows[0];
    } finally {
      await client.end();
    }
  }

  async count(sql: string): Promise<number> {
    return Number((await this.query<{ n: string }>(sql)).n);
  }

  async teardown(prefixes: string[]): Promise<void> {
    await this.stopServices();
    for (const step of [() => this.kafka.stop(), () => this.postgres.stop('fast')]) {
      try {
        step();
      } catch (error) {
        console.error(`chaos: teardown: ${(error as Error).message}`);
      }
    }
    const redis = new IORedis(this.options.redisUrl);
    for (const prefix of prefixes) {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
        cursor = next;
        if (keys.length) await redis.del(...keys);
      } while (cursor !== '0');
    }
    redis.disconnect();
  }
}
