import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { databaseEnv, loadConfig } from '@scb/config';
import { CrmImportSchema, describeErrors, parseJsonWith } from '@scb/contracts';
import { createDataSource, CrmImportRepository } from '@scb/persistence';

/**
 * `npm run crm:import -- customers.json`: the same import as `POST /v1/admin/crm-import`, from a
 * JSON file of that body's shape (`{ "customers": [...] }`). Idempotent: run it again after a fix.
 */
async function main(): Promise<void> {
  const path = process.argv[2];
  if (!path) throw new Error('usage: npm run crm:import -- <file.json>');
  const config = loadConfig(
    z.object({ ...databaseEnv, PHONE_DEFAULT_COUNTRY: z.string().length(2).default('US') }),
  );
  const parsed = parseJsonWith(CrmImportSchema, readFileSync(path));
  if (!parsed.ok) throw new Error(`${path}: ${describeErrors(parsed.errors)}`);
  const dataSource = await createDataSource({
    url: config.DATABASE_URL,
    schema: config.DB_SCHEMA,
    poolSize: 2,
    applicationName: 'scb-crm-import',
  }).initialize();
  try {
    const result = await new CrmImportRepository(dataSource).import(
      parsed.value.customers,
      config.PHONE_DEFAULT_COUNTRY,
    );
    console.log(JSON.stringify(result));
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
