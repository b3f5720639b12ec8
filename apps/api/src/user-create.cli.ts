import { z } from 'zod';
import { databaseEnv, loadConfig } from '@scb/config';
import { createDataSource } from '@scb/persistence';
import { runUserCreate } from './user-create.command';

/** `npm run user:create -- …`: see USER_CREATE_USAGE. Only the output line goes to stdout. */
async function main(): Promise<void> {
  const config = loadConfig(z.object(databaseEnv));
  const dataSource = await createDataSource({
    url: config.DATABASE_URL,
    schema: config.DB_SCHEMA,
    poolSize: 1,
    applicationName: 'scb-user-create',
  }).initialize();
  try {
    console.log(await runUserCreate(dataSource, process.argv.slice(2), process.env.SCB_PASSWORD));
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
