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
