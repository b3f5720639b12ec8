import type { INestApplication } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { loadConfig } from '@scb/config';
import { Database } from '@scb/persistence';
import { appUrl } from '../infra/api-client';
import { isolatedEnv } from '../infra/isolated-env';
import { freshDatabase } from '../infra/test-database';
import { clearQueueKeys } from '../infra/test-redis';

/** The services an int-spec can start in-process. */
export type TestService = 'api' | 'matcher' | 'router' | 'ingestion';

/** One started service on the real Postgres, Redis and Kafka, in an isolated namespace. */
export interface TestApp {
  app: INestApplication;
  /** `http://127.0.0.1:<port>` of the app's HTTP server. */
  baseUrl: string;
  /** The environment overrides it runs with (isolated schema, topic and queue prefixes included). */
  env: Record<string, string>;
  /** Its migrated private schema. */
  dataSource: DataSource;
  db: Database;
  /** Closes the app, deletes its BullMQ keys and drops its schema. */
  close(): Promise<void>;
}

/**
 * The environment a test service runs with: `process.env` (the shared servers' addresses), an
 * isolated namespace (`isolatedEnv(label)`: schema, topic prefix, queue prefix, port 0) and the
 * test's own `overrides` last.
 */
export function testEnv(
  label: string,
  overrides: Record<string, string> = {},
): Record<string, string | undefined> {
  return { ...process.env, ...isolatedEnv(label), ...overrides };
}

type Starter = (env: Record<string, string | undefined>) => Promise<INestApplication>;

/**
 * Each service's config schema and start function, loaded only when asked for, so a spec that
 * imports `@scb/testing` for a builder does not load four Nest apps.
 */
const starters: Record<TestService, () => Promise<Starter>> = {
  api: async () => {
    const [{ startApi }, { ApiConfigSchema }] = await Promise.all([
      import('../../../../apps/api/src/api.app'),
      import('../../../../apps/api/src/api.config'),
    ]);
    return (env) => startApi(loadConfig(ApiConfigSchema, env));
  },
  matcher: async () => {
    const [{ startMatcher }, { MatcherConfigSchema }] = await Promise.all([
      import('../../../../apps/matcher/src/matcher.app'),
      import('../../../../apps/matcher/src/matcher.config'),
    ]);
    return (env) => startMatcher(loadConfig(MatcherConfigSchema, env));
  },
  router: async () => {
    const [{ startRouter }, { RouterConfigSchema }] = await Promise.all([
      import('../../../../apps/router/src/router.app'),
      import('../../../../apps/router/src/router.config'),
    ]);
    return (env) => startRouter(loadConfig(RouterConfigSchema, env));
  },
  ingestion: async () => {
    const [{ startIngestion }, { IngestionConfigSchema }] = await Promise.all([
      import('../../../../apps/ingestion/src/ingestion.app'),
      import('../../../../apps/ingestion/src/ingestion.config'),
    ]);
    return (env) => startIngestion(loadConfig(IngestionConfigSchema, env));
  },
};

/**
 * Starts `service` in this process the way its int-specs do: a fresh migrated schema first, then
 * the app with `process.env`, an isolated namespace and `overrides` (pass a spec's own
 * `isolatedEnv(...)` in `overrides` to keep using its prefixes). `close()` undoes all of it in
 * reverse order. Throws the config error when `overrides` do not satisfy the service's schema.
 */
export async function createTestApp(
  service: TestService,
  overrides: Record<string, string> = {},
): Promise<TestApp> {
  const env = { ...isolatedEnv(service), ...overrides };
  const { dataSource, drop } = await freshDatabase(env.DB_SCHEMA);
  let app: INestApplication;
  try {
    app = await (await starters[service]())({ ...process.env, ...env });
  } catch (error) {
    await drop();
    throw error;
  }
  return {
    app,
    baseUrl: await appUrl(app),
    env,
    dataSource,
    db: new Database(dataSource),
    close: async () => {
      await app.close();
      await clearQueueKeys(env.QUEUE_PREFIX);
      await drop();
    },
  };
}
