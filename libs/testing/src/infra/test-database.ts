import type { DataSource } from 'typeorm';
import { createDataSource, migrate } from '@scb/persistence';
import { testDatabaseUrl } from './isolated-env';

/** A migrated, private schema on the real Postgres; `drop()` removes it. */
export async function freshDatabase(
  schema: string,
): Promise<{ dataSource: DataSource; drop: () => Promise<void> }> {
  const dataSource = await createDataSource({
    url: testDatabaseUrl(),
    schema,
    poolSize: 4,
    applicationName: 'scb-test',
  }).initialize();
  await migrate(dataSource);
  return {
    dataSource,
    drop: async () => {
      await dataSource.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await dataSource.destroy();
    },
  };
}

export async function countRows(
  dataSource: DataSource,
  sql: string,
  params: unknown[] = [],
): Promise<number> {
  const [row]: Array<{ n: string }> = await dataSource.query(
    `SELECT count(*) AS n FROM (${sql}) AS q`,
    params,
  );
  return Number(row.n);
}

/**
 * Reverts the migration named with `timestamp` (its 13-digit suffix) and every later one, last
 * first, each in its own transaction, so a migration int-spec can write rows the way the
 * previous release did; `dataSource.runMigrations` applies them all again.
 * @returns how many migrations were reverted (0 when none is that recent)
 */
export async function undoMigrationsSince(
  dataSource: DataSource,
  timestamp: number,
): Promise<number> {
  const since = (m: { name?: string }) => Number(/\d{13}$/.exec(m.name ?? '')?.[0] ?? 0);
  const later = dataSource.migrations.filter((m) => since(m) >= timestamp).length;
  for (let i = 0; i < later; i += 1) await dataSource.undoLastMigration({ transaction: 'all' });
  return later;
}
