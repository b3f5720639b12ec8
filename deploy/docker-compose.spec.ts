import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadConfig } from '@scb/config';
import { ApiConfigSchema } from '../apps/api/src/api.config';
import { IngestionConfigSchema } from '../apps/ingestion/src/ingestion.config';
import { MatcherConfigSchema } from '../apps/matcher/src/matcher.config';
import { RouterConfigSchema } from '../apps/router/src/router.config';

/**
 * docker-compose.yml cannot run on machines without a Docker engine, so it is kept honest here:
 * it must parse, wire every dependency, and give each service an environment its own config
 * schema accepts.
 */
interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string; args?: Record<string, string> };
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  ports?: string[];
}

const root = join(__dirname, '..');
const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
};
const services = compose.services;
const dockerfile = readFileSync(join(root, 'deploy', 'Dockerfile'), 'utf8');
const engines = (
  JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { engines: { node: string } }
).engines.node;
const schemas = {
  api: ApiConfigSchema,
  ingestion: IngestionConfigSchema,
  matcher: MatcherConfigSchema,
  router: RouterConfigSchema,
};

describe('docker-compose.yml', () => {
  it('runs the official Kafka image as a single KRaft broker+controller, with Postgres and Redis', () => {
    expect(services.kafka.image).toMatch(/^apache\/kafka:\d+\.\d+\.\d+$/);
    // Exact versions: a floating tag (postgres:16) changes under a running deployment.
    expect(services.postgres.image).toMatch(/^postgres:\d+\.\d+$/);
    expect(services.redis.image).toMatch(/^redis:\d+\.\d+\.\d+$/);
    expect(services.kafka.environment).toMatchObject({
      KAFKA_PROCESS_ROLES: 'broker,controller',
      KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false',
    });
    expect(services.postgres.image).toMatch(/^postgres:/);
    expect(services.redis.image).toMatch(/^redis:/);
    for (const infra of ['kafka', 'postgres', 'redis'])
      expect(services[infra].healthcheck).toBeDefined();
  });

  it.each(Object.entries(schemas))(
    'builds %s from this repository with a valid configuration',
    (app, schema) => {
      const service = services[app];
      expect(service.build?.args?.APP).toBe(app);
      expect(existsSync(join(root, service.build!.context, service.build!.dockerfile))).toBe(true);
      expect(existsSync(join(root, 'apps', app, 'src', 'main.ts'))).toBe(true);
      const config: Record<string, unknown> = loadConfig(schema, service.environment ?? {});
      // Whatever the app connects to must be a compose host: defaults point at 127.0.0.1.
      for (const key of ['DATABASE_URL', 'REDIS_URL', 'KAFKA_BROKERS'].filter((k) => k in config)) {
        expect({ key, value: config[key] }).not.toEqual({
          key,
          value: expect.stringContaining('127.0.0.1'),
        });
      }
      expect(config.PORT).toBe(3000);
    },
  );

  it('starts the services only after healthy infrastructure and a finished migration', () => {
    for (const app of Object.keys(schemas)) {
      const dependsOn = services[app].depends_on ?? {};
      for (const name of Object.keys(dependsOn)) expect(services[name]).toBeDefined();
      expect(dependsOn).toMatchObject({
        kafka: { condition: 'service_healthy' },
        postgres: { condition: 'service_healthy' },
        redis: { condition: 'service_healthy' },
        migrate: { condition: 'service_completed_successfully' },
      });
    }
    const migrateEntry = services.migrate.command?.find((part) => part.endsWith('.js'));
    expect(migrateEntry).toBe('dist/libs/persistence/src/migrate.cli.js');
    expect(existsSync(join(root, 'libs/persistence/src/migrate.cli.ts'))).toBe(true);
  });

  it('publishes no database port, and the Kafka host listener on loopback only', () => {
    expect(services.postgres.ports).toBeUndefined();
    expect(services.redis.ports).toBeUndefined();
    for (const port of services.kafka.ports ?? []) expect(port).toMatch(/^127\.0\.0\.1:/);
  });

  it('points every service at the compose hosts, not at localhost', () => {
    for (const app of Object.keys(schemas)) {
      expect(services[app].environment).toMatchObject({
        KAFKA_BROKERS: 'kafka:9092',
        REDIS_URL: 'redis://redis:6379',
      });
    }
  });
});

describe('deploy/Dockerfile', () => {
  /** The image of every FROM line (`FROM [--flag=…] image [AS stage]`). */
  const bases = [...dockerfile.matchAll(/^FROM\s+(?:--\S+\s+)*(\S+)/gim)].map((m) => m[1]);

  it('builds and runs on one exact Node.js version tag that package.json engines allow', () => {
    expect(bases.length).toBeGreaterThanOrEqual(2);
    // Exact versions, as docker-compose.yml pins: node:20-bookworm-slim moves under a build.
    for (const base of bases) expect(base).toMatch(/^node:\d+\.\d+\.\d+-bookworm-slim$/);
    expect(new Set(bases)).toEqual(new Set([bases[0]]));
    const version = /^node:(\d+)\.(\d+)\.(\d+)/.exec(bases[0])!.slice(1).map(Number);
    const minimum = /^>=(\d+)\.(\d+)$/.exec(engines)!.slice(1).map(Number);
    expect(version[0] > minimum[0] || (version[0] === minimum[0] && version[1] >= minimum[1])).toBe(
      true,
    );
  });
});
