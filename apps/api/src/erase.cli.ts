import { parseArgs } from 'node:util';
import { z } from 'zod';
import { databaseEnv, loadConfig } from '@scb/config';
import { createCliProgress } from '@scb/observability';
import { createDataSource, Database, PersonalDataRepository } from '@scb/persistence';
import { EraseCustomer } from './customers/usecases/erase-customer/erase-customer.usecase';

const USAGE = 'usage: npm run erase -- --customer <uuid> [--by <who asks>]';

/**
 * `npm run erase -- --customer <id>`: the same erasure as `DELETE /v1/customers/:id/personal-data`,
 * for an operator at the console. Prints the erasure record (counts only, no personal data).
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      customer: { type: 'string' },
      by: { type: 'string', default: `cli:${process.env.USER ?? 'operator'}` },
    },
  });
  const customer = z.uuid().safeParse(values.customer);
  if (!customer.success) throw new Error(`--customer must be a customer id (uuid)\n${USAGE}`);
  const config = loadConfig(z.object(databaseEnv));
  const dataSource = await createDataSource({
    url: config.DATABASE_URL,
    schema: config.DB_SCHEMA,
    poolSize: 2,
    applicationName: 'scb-erase',
  }).initialize();
  // On a terminal only (stderr): CI and pipes get the erasure record alone.
  const bar = createCliProgress('erase', 8, 'steps');
  try {
    const db = new Database(dataSource);
    const record = await new EraseCustomer(db, new PersonalDataRepository(db)).execute({
      customerId: customer.data,
      requestedBy: values.by,
      onProgress: (done, total) => bar?.update(Math.min(done, total)),
    });
    bar?.stop();
    console.log(JSON.stringify(record));
  } finally {
    bar?.stop();
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
