import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Database, createDataSource, migrate } from '@scb/persistence';

/**
 * `node dist/deploy/bench/search-index.measure.js`: what full-text search costs the writers.
 * In fresh private schemas, inserts MEASURE_POSTS (50,000) posts in batches of 500 the way the
 * matcher does (one `jsonb_to_recordset` INSERT per batch) and MEASURE_CUSTOMERS (10,000)
 * customers, under three designs, interleaved over MEASURE_ROUNDS (3) rounds:
 * - `none`: no search columns at all (the cost floor);
 * - `trigger`: the migrations as they are (SearchOnInsert1767850000000): a BEFORE INSERT trigger
 *   sets `interactions.search` (partial GIN index), `customers.search_name` generated;
 * - `generated`: `interactions.search` GENERATED ALWAYS AS to_tsvector(...) STORED + GIN (not
 *   chosen: the previous release's indexer cannot run against it);
 * - `deferred`: the design of CaseNotesAndSearch1766700000000 to 1767840000000 (nullable
 *   `search` + partial GIN + partial index of pending rows, filled by the api's indexer, removed
 *   since); also times that indexer's statement draining the posts in batches of 2,000 (work
 *   moved off the insert path, not removed).
 * Prints each round and the medians. Drops its schemas.
 */
const POSTS = Number(process.env.MEASURE_POSTS ?? 50_000);
const CUSTOMERS = Number(process.env.MEASURE_CUSTOMERS ?? 10_000);
const ROUNDS = Number(process.env.MEASURE_ROUNDS ?? 3);
const BATCH = 500;
const DESIGNS = ['none', 'trigger', 'generated', 'deferred'] as const;
type Design = (typeof DESIGNS)[number];

const WORDS =
  `refund charged twice router dropping connection invoice billing late delivery password
  reset account locked playlist missing app crash update slow internet outage fee waiver cancel
  subscription upgrade modem technician appointment order address wrong please help still not
  working since yesterday the my and is it to a of on for with`
    .split(/\s+/)
    .filter(Boolean);

function postText(i: number): string {
  const words = ['@brand'];
  for (let w = 0; w < 18; w += 1) words.push(WORDS[(i * 31 + w * 17 + (i % 7) * w) % WORDS.length]);
  return `${words.join(' ')} #${i}`;
}

async function shape(db: Database, design: Design): Promise<void> {
  if (design === 'none') {
    await db.execute(`DROP TRIGGER interactions_search_vector ON interactions`);
    await db.execute(`ALTER TABLE interactions DROP COLUMN search`);
    await db.execute(`ALTER TABLE customers DROP COLUMN search_name`);
  } else if (design === 'generated') {
    await db.execute(`DROP TRIGGER interactions_search_vector ON interactions`);
    await db.execute(`ALTER TABLE interactions DROP COLUMN search`);
    await db.execute(`ALTER TABLE interactions ADD COLUMN search tsvector
                        GENERATED ALWAYS AS (to_tsvector('english', text)) STORED`);
    await db.execute(`CREATE INDEX measure_search_idx ON interactions USING gin (search)`);
  } else if (design === 'deferred') {
    // Posts arrive with `search` NULL; the pending and GIN indexes are the migrations' own.
    await db.execute(`DROP TRIGGER interactions_search_vector ON interactions`);
  }
}

/** The removed indexer's statement (one batch); returns how many posts it indexed. */
async function indexBatch(db: Database, limit: number): Promise<number> {
  const { affected } = await db.execute(
    `WITH batch AS (
       SELECT id FROM interactions WHERE search IS NULL
        ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED)
     UPDATE interactions i SET search = to_tsvector('english', i.text)
       FROM batch WHERE i.id = batch.id`,
    [limit],
  );
  return affected;
}

/** Milliseconds to insert the posts and the customers; for `deferred`, to index the posts. */
async function measure(design: Design, round: number) {
  const schema = `measure_search_${process.pid}_${design}_${round}`;
  const dataSource = await createDataSource({
    url: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
    schema,
    poolSize: 2,
    applicationName: 'scb-measure',
  }).initialize();
  try {
    await migrate(dataSource);
    const db = new Database(dataSource);
    await shape(db, design);
    const customer = (await db.one<{ id: string }>(
      `INSERT INTO customers (display_name) VALUES ('Measure') RETURNING id`,
    ))!.id;
    const caseId = (await db.one<{ id: string }>(
      `INSERT INTO cases (id, customer_id, origin_channel) VALUES (gen_random_uuid(), $1, 'social') RETURNING id`,
      [customer],
    ))!.id;
    await db.execute(`CHECKPOINT`).catch(() => undefined); // needs superuser; best effort
    let started = performance.now();
    for (let from = 0; from < POSTS; from += BATCH) {
      const rows = Array.from({ length: Math.min(BATCH, POSTS - from) }, (_, k) => ({
        id: randomUUID(),
        case_id: caseId,
        customer_id: customer,
        external_id: `m-${from + k}`,
        author_id: `a-${(from + k) % 997}`,
        text: postText(from + k),
        occurred_at: new Date().toISOString(),
      }));
      await db.execute(
        `INSERT INTO interactions (id, case_id, customer_id, channel, direction, platform, external_id, author_id, text, occurred_at, decision, payload)
         SELECT id, case_id, customer_id, 'social', 'inbound', 'x', external_id, author_id, text, occurred_at, '{}', '{}'
           FROM jsonb_to_recordset($1::jsonb)
             AS t(id uuid, case_id uuid, customer_id uuid, external_id text, author_id text, text text, occurred_at timestamptz)`,
        [JSON.stringify(rows)],
      );
    }
    const posts = performance.now() - started;
    started = performance.now();
    for (let from = 0; from < CUSTOMERS; from += BATCH) {
      const names = Array.from(
        { length: Math.min(BATCH, CUSTOMERS - from) },
        (_, k) => `Customer ${WORDS[(from + k) % WORDS.length]} ${from + k}`,
      );
      await db.execute(`INSERT INTO customers (display_name) SELECT unnest($1::text[])`, [names]);
    }
    const customers = performance.now() - started;
    let indexing: number | null = null;
    if (design === 'deferred') {
      started = performance.now();
      while ((await indexBatch(db, 2_000)) > 0);
      indexing = performance.now() - started;
      const left = await db.one<{ n: string }>(
        `SELECT count(*) AS n FROM interactions WHERE search IS NULL`,
      );
      if (Number(left?.n) !== 0) throw new Error('indexer left posts behind');
    }
    return { posts, customers, indexing };
  } finally {
    await dataSource.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await dataSource.destroy();
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const results = new Map<Design, Array<Awaited<ReturnType<typeof measure>>>>();
  for (let round = 0; round < ROUNDS; round += 1)
    for (const design of DESIGNS) {
      const r = await measure(design, round);
      results.set(design, [...(results.get(design) ?? []), r]);
      console.log(
        `round ${round + 1} ${design.padEnd(9)}: ${POSTS} posts ${r.posts.toFixed(0)} ms, ` +
          `${CUSTOMERS} customers ${r.customers.toFixed(0)} ms` +
          (r.indexing === null ? '' : `, indexer ${r.indexing.toFixed(0)} ms`),
      );
    }
  console.log(`\nmedians over ${ROUNDS} rounds (${POSTS} posts, ${CUSTOMERS} customers):`);
  for (const design of DESIGNS) {
    const rs = results.get(design)!;
    const indexing = rs.map((r) => r.indexing).filter((x): x is number => x !== null);
    console.log(
      `${design.padEnd(9)}: posts ${median(rs.map((r) => r.posts)).toFixed(0)} ms, customers ` +
        `${median(rs.map((r) => r.customers)).toFixed(0)} ms` +
        (indexing.length ? `, indexer (background) ${median(indexing).toFixed(0)} ms` : ''),
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
