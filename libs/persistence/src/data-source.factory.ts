import { DataSource } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';
import { ParameterFreeLogger } from './parameter-free.logger';

export interface DatabaseOptions {
  url: string;
  /** Every table lives in this schema; tests use a fresh one each. Validated as an identifier. */
  schema: string;
  poolSize: number;
  applicationName: string;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

export function createDataSource(options: DatabaseOptions): DataSource {
  if (!IDENTIFIER.test(options.schema)) throw new Error(`invalid schema name: ${options.schema}`);
  return new DataSource({
    type: 'postgres',
    url: options.url,
    schema: options.schema,
    // The plain tables' entities; the schema itself is only ever changed by migrations.
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'all',
    synchronize: false,
    // Ids default to gen_random_uuid() (core since PostgreSQL 13): no extension to install.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    // Failed queries are logged without their parameters (see ParameterFreeLogger).
    logging: ['error', 'warn'],
    logger: new ParameterFreeLogger(),
    extra: {
      max: options.poolSize,
      application_name: options.applicationName,
      // Unqualified names in our SQL resolve to the configured schema.
      options: `-c search_path=${options.schema}`,
    },
  });
}

/**
 * Applies pending migrations. An advisory lock makes concurrent callers (several services or test
 * workers starting at once) take turns instead of racing on the same DDL.
 */
export async function migrate(dataSource: DataSource): Promise<string[]> {
  const schema = (dataSource.options as { schema?: string }).schema ?? 'public';
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query(`SELECT pg_advisory_lock(hashtext('scb-migrations:' || $1))`, [schema]);
    await runner.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    const applied = await dataSource.runMigrations({ transaction: 'all' });
    return applied.map((m) => m.name);
  } finally {
    await runner
      .query(`SELECT pg_advisory_unlock(hashtext('scb-migrations:' || $1))`, [schema])
      .catch(() => undefined);
    await runner.release();
  }
}
