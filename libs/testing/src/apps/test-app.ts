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

/** One running app of a test namespace. */
export interface TestInstance {
  app: INestApplication;
  /** `http://127.0.0.1:<port>` of the app's HTTP server. */
  baseUrl: string;
  /** Closes this app only (once; later calls do nothing); the namespace stays. */
  close(): Promise<void>;
}

/** One started service on the real Postgres, Redis and Kafka, in an isolated namespace. */
export interface TestApp extends TestInstance {
  /** The environment overrides it runs with (isolated schema, topic and queue prefixes included). */
  env: Record<string, string>;
  /** Its migrated private schema. */
  dataSource: DataSource;
  db: Database;
  /**
   * Starts one more app in the same namespace (schema, topic and queue prefixes): another
   * instance of the same service by default (e.g. two api instances sharing Redis), or another
   * `service` (e.g. the router next to the ingestion service). `overrides` come on top of
   * `env`. Its app is closed by `close()` too. Throws the config error like `createTestApp`.
   */
  start(service?: TestService, overrides?: Record<string, string>): Promise<TestInstance>;
  /**
   * Closes every app of the namespace (the last started first), deletes its BullMQ keys and
   * drops its schema (even when an app fails to close). Later calls return the first one's result.
   */
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

/** What `createTestApp` does besides starting the service. */
export interface TestAppOptions {
  /**
   * Runs on the migrated schema before the service starts: for data the service reads once at
   * start (routing rules, sources, agents). Its error drops the schema and is rethrown.
   */
  beforeStart?: (dataSource: DataSource) => Promise<void>;
}

/** `app` as a `TestInstance` whose `close()` closes it at most once. */
async function instance(app: INestApplication): Promise<TestInstance> {
  let closing: Promise<void> | null = null;
  return {
    app,
    baseUrl: await appUrl(app),
    close: () => (closing ??= app.close()),
  };
}

/**
 * Starts `service` in this process the way its int-specs do: a fresh migrated schema first, then
 * the app with `process.env`, an isolated namespace and `overrides` (pass a spec's own
 * `isolatedEnv(...)` in `overrides` to keep using its prefixes). `close()` undoes all of it in
 * reverse order. Throws the config error when `overrides` do not satisfy the service's schema.
 */
export async function createTestApp(
  service: TestService,
  overrides: Record<string, string> = {},
  options: TestAppOptions = {},
): Promise<TestApp> {
  const env = { ...isolatedEnv(service), ...overrides };
  const { dataSource, drop } = await freshDatabase(env.DB_SCHEMA);
  const start = async (name: TestService, extra: Record<string, string>) =>
    (await starters[name]())({ ...process.env, ...env, ...extra });
  let first: TestInstance;
  try {
    await options.beforeStart?.(dataSource);
    first = await instance(await start(service, {}));
  } catch (error) {
    await drop();
    throw error;
  }
  const others: TestInstance[] = [];
  let closing: Promise<void> | null = null;
  return {
    ...first,
    env,
    dataSource,
    db: new Database(dataSource),
    start: async (name = service, extra = {}) => {
      const other = await instance(await start(name, extra));
      others.push(other);
      return other;
    },
    // Once: a spec may close inside a test (to capture the shutdown's logs) and in afterAll.
    close: () =>
      (closing ??= (async () => {
        // The schema goes even when an app fails to close, so no spec leaves one behind.
        try {
          for (const other of [...others].reverse()) await other.close();
          await first.close();
          await clearQueueKeys(env.QUEUE_PREFIX);
        } finally {
          await drop();
        }
      })()),
  };
}
