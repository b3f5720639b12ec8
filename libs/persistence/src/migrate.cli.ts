import { z } from 'zod';
import { databaseEnv, loadConfig } from '@scb/config';
import { createDataSource, migrate } from './data-source.factory';

/** `npm run migrate`: applies pending migrations to DATABASE_URL / DB_SCHEMA. */
async function main(): Promise<void> {
  const config = loadConfig(z.object(databaseEnv));
  const dataSource = createDataSource({
    url: config.DATABASE_URL,
    schema: config.DB_SCHEMA,
    poolSize: 2,
    applicationName: 'scb-migrate',
  });
  await dataSource.initialize();
  try {
    const applied = await migrate(dataSource);
    console.log(
      JSON.stringify({ level: 'log', context: 'migrate', schema: config.DB_SCHEMA, applied }),
    );
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
