import { createReadStream, readFileSync, statSync } from 'node:fs';
import { z } from 'zod';
import { databaseEnv, loadConfig } from '@scb/config';
import { CrmImportSchema, describeErrors, parseJsonWith, type CrmCustomer } from '@scb/contracts';
import { createCliProgress } from '@scb/observability';
import { createDataSource, CrmImportRepository, Database } from '@scb/persistence';
import { ImportCrmCustomers } from './customers/usecases/import-crm-customers/import-crm-customers.usecase';
import { parseCrmCsv } from './customers/crm-csv.parser';

/**
 * `npm run crm:import -- customers.json|customers.csv`: the same import as
 * `POST /v1/admin/crm-import`, from a JSON file of that body's shape (`{ "customers": [...] }`) or
 * a CSV file in the layout of docs/crm-import.md. Idempotent: run it again after a fix.
 */
async function main(): Promise<void> {
  const path = process.argv[2];
  if (!path) throw new Error('usage: npm run crm:import -- <file.json|file.csv>');
  const config = loadConfig(
    z.object({ ...databaseEnv, PHONE_DEFAULT_COUNTRY: z.string().length(2).default('US') }),
  );
  const customers = await readCustomers(path);
  const dataSource = await createDataSource({
    url: config.DATABASE_URL,
    schema: config.DB_SCHEMA,
    poolSize: 2,
    applicationName: 'scb-crm-import',
  }).initialize();
  // On a terminal only (stderr): CI and pipes get the final JSON alone.
  const bar = createCliProgress('import', 5, 'steps');
  try {
    const db = new Database(dataSource);
    const result = await new ImportCrmCustomers(db, new CrmImportRepository(db)).execute({
      customers,
      phoneDefaultCountry: config.PHONE_DEFAULT_COUNTRY,
      onProgress: (done) => bar?.update(done),
    });
    bar?.stop();
    console.log(JSON.stringify(result));
  } finally {
    bar?.stop();
    await dataSource.destroy();
  }
}

async function readCustomers(path: string): Promise<CrmCustomer[]> {
  if (path.toLowerCase().endsWith('.csv')) {
    const parsed = await parseCrmCsv(withReadProgress(path));
    if (parsed.ok) return parsed.customers;
    const where = (e: { row: number; line: number; column: string }) =>
      `row ${e.row} (line ${e.line}), column ${e.column}`;
    throw new Error(
      `${path}:\n${parsed.errors.map((e) => `  ${where(e)}: ${e.message}`).join('\n')}`,
    );
  }
  const parsed = parseJsonWith(CrmImportSchema, readFileSync(path));
  if (!parsed.ok) throw new Error(`${path}: ${describeErrors(parsed.errors)}`);
  return parsed.value.customers;
}

/** The file's chunks, drawing a bar of the bytes read on a terminal. */
async function* withReadProgress(path: string): AsyncIterable<Buffer> {
  const bar = createCliProgress('read', statSync(path).size, 'bytes');
  let read = 0;
  try {
    for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
      read += chunk.length;
      bar?.update(read);
      yield chunk;
    }
  } finally {
    bar?.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
