import { performance } from 'node:perf_hooks';
import type { CaseSearchCriteria } from '@scb/cases';
import {
  CaseSearchRepository,
  CustomerDirectoryRepository,
  Database,
  createDataSource,
  migrate,
  type PreparedStatement,
  type SqlResult,
} from '@scb/persistence';

/**
 * `node dist/deploy/bench/case-search.measure.js`: seeds MEASURE_CASES (100,000) cases with
 * customers, identities, identifiers, posts and work items in a private schema, then times the
 * case and customer searches (median of 5 calls through the repositories) and prints each
 * statement's EXPLAIN ANALYZE. Drops the schema at the end.
 */
const CASES = Number(process.env.MEASURE_CASES ?? 100_000);
const SCHEMA = `measure_find_${process.pid}`;

/** Keeps the last statement a repository ran, to EXPLAIN it afterwards. */
class RecordingDatabase extends Database {
  last: { sql: string; params: readonly unknown[] } | null = null;

  override async execute<T = unknown>(
    sql: string | PreparedStatement,
    params: readonly unknown[] = [],
  ): Promise<SqlResult<T>> {
    this.last = { sql: typeof sql === 'string' ? sql : sql.text, params };
    return super.execute<T>(sql, params);
  }
}

async function seed(db: Database): Promise<void> {
  const words = `refund charged twice router dropping connection invoice billing late delivery
    password reset account locked playlist missing app crash update slow internet outage fee
    waiver cancel subscription upgrade modem technician appointment order address wrong`
    .split(/\s+/)
    .filter(Boolean);
  const first = 'maria ana john sam li wei olga peter fatima juan kim noah emma liam'.split(' ');
  const last = 'lopez smith garcia chen novak jones kim patel brown silva ito muller'.split(' ');
  const customers = Math.round(CASES * 0.6);
  await db.execute(`SELECT setseed(0.42)`);
  await db.execute(
    `INSERT INTO customers (display_name, tier, crm_id)
     SELECT initcap(($1::text[])[1 + (g % $3)]) || ' ' || initcap(($2::text[])[1 + (g / 7 % $4)]) || ' ' || g,
            CASE WHEN g % 10 = 0 THEN 'gold' ELSE 'standard' END,
            CASE WHEN g % 3 = 0 THEN 'CRM-' || g END
       FROM generate_series(1, $5) g`,
    [first, last, first.length, last.length, customers],
  );
  await db.execute(
    `CREATE TEMP TABLE ids AS SELECT id, row_number() OVER (ORDER BY id) AS n FROM customers`,
  );
  await db.execute(
    `INSERT INTO customer_identities (customer_id, platform, external_user_id, handle)
     SELECT id, 'x', (1000000 + n)::text, 'user_' || n FROM ids`,
  );
  await db.execute(
    `INSERT INTO customer_identifiers (kind, value, customer_id)
     SELECT 'phone', '+1312' || lpad(n::text, 7, '0'), id FROM ids WHERE n % 2 = 0
     UNION ALL
     SELECT 'email', 'user' || n || '@example.com', id FROM ids WHERE n % 3 = 0`,
  );
  await db.execute(
    `INSERT INTO cases (id, customer_id, origin_channel, status, priority, opened_at, last_activity_at)
     SELECT gen_random_uuid(), i.id, CASE WHEN g % 4 = 0 THEN 'phone' ELSE 'social' END,
            CASE WHEN g % 10 < 7 THEN 'resolved' ELSE 'open' END, 1 + g % 5,
            now() - make_interval(mins => g * 5), now() - make_interval(mins => g * 3)
       FROM generate_series(1, $1) g JOIN ids i ON i.n = 1 + (g * 7919) % $2`,
    [CASES, customers],
  );
  await db.execute(
    `INSERT INTO interactions (case_id, customer_id, channel, direction, platform, external_id, author_id, text, occurred_at, decision, payload)
     SELECT c.id, c.customer_id, c.origin_channel, 'inbound', 'x', c.id::text || '-' || k, 'a',
            -- 12 words: 8% from the support vocabulary above, the rest a long tail of 20,000
            -- words (skewed), so a support word is in about 3% of posts, as in real traffic.
            '@brand ' || array_to_string(ARRAY(
              SELECT CASE WHEN random() < 0.08 THEN ($1::text[])[1 + floor(random() * $2)::int]
                          ELSE 'w' || floor(random() ^ 2 * 20000)::int END
                FROM generate_series(1, 12) w WHERE k > 0 OR w > 0), ' '),
            c.opened_at, '{}', '{}'
       FROM cases c, generate_series(1, 2) k`,
    [words, words.length],
  );
  await db.execute(`INSERT INTO queues (name) VALUES ('billing'), ('tech')`);
  await db.execute(
    `INSERT INTO work_items (case_id, queue_name, channel, priority, routing_explanation, status, queued_at)
     SELECT id, (ARRAY['default', 'billing', 'tech'])[1 + (abs(hashtext(id::text)) % 3)], origin_channel,
            priority, 'seeded', CASE WHEN status = 'open' THEN 'queued' ELSE 'completed' END, opened_at
       FROM cases`,
  );
  await db.execute(`ANALYZE`);
}

async function main(): Promise<void> {
  const dataSource = await createDataSource({
    url: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
    schema: SCHEMA,
    poolSize: 2,
    applicationName: 'scb-measure',
  }).initialize();
  try {
    await migrate(dataSource);
    const db = new RecordingDatabase(dataSource);
    const started = performance.now();
    await seed(db);
    const counts = await db.one<Record<string, string>>(
      `SELECT (SELECT count(*) FROM cases) AS cases, (SELECT count(*) FROM customers) AS customers,
              (SELECT count(*) FROM interactions) AS interactions`,
    );
    console.log(
      `seeded ${JSON.stringify(counts)} in ${Math.round(performance.now() - started)} ms`,
    );
    const cases = new CaseSearchRepository(db);
    const customers = new CustomerDirectoryRepository(db);
    const page = { limit: 50, offset: 0 };
    const recent = [{ field: 'lastActivityAt', descending: true }] as CaseSearchCriteria['sort'];
    const relevance = [
      { field: 'relevance', descending: true },
      { field: 'lastActivityAt', descending: true },
    ] as CaseSearchCriteria['sort'];
    const profileOf = (await db.one<{ id: string }>(
      `SELECT customer_id AS id FROM cases LIMIT 1`,
    ))!;
    const runs: Array<[string, () => Promise<unknown>]> = [
      ['cases: no filter, -updatedAt', () => cases.search({ ...page, sort: recent })],
      [
        'cases: q="refund charged twice", relevance',
        () => cases.search({ ...page, text: 'refund charged twice', sort: relevance }),
      ],
      [
        'cases: q=modem status=open -updatedAt',
        () => cases.search({ ...page, text: 'modem', status: 'open', sort: recent }),
      ],
      [
        'cases: q=lopez (names and posts)',
        () => cases.search({ ...page, text: 'lopez', sort: relevance }),
      ],
      [
        'cases: phone=+13120000042',
        () => cases.search({ ...page, phone: '+13120000042', sort: recent }),
      ],
      ['cases: handle=user_42', () => cases.search({ ...page, handle: 'user_42', sort: recent })],
      [
        'cases: queue=billing status=open priority',
        () =>
          cases.search({
            ...page,
            queue: 'billing',
            status: 'open',
            sort: [{ field: 'priority', descending: false }],
          }),
      ],
      [
        'customers: q="mar lop"',
        () =>
          customers.search({
            ...page,
            namePrefix: 'mar:* & lop:*',
            exact: 'mar lop',
            handle: null,
            phone: null,
            email: null,
            account: null,
          }),
      ],
      [
        'customers: q=+13120000042',
        () =>
          customers.search({
            ...page,
            namePrefix: '13120000042:*',
            exact: '+13120000042',
            handle: null,
            phone: '+13120000042',
            email: null,
            account: '+13120000042',
          }),
      ],
      ['customer 360 (timeline statement)', () => customers.profile(profileOf.id)],
    ];
    for (const [name, run] of runs) {
      const times: number[] = [];
      for (let i = 0; i < 5; i += 1) {
        const t = performance.now();
        await run();
        times.push(performance.now() - t);
      }
      times.sort((a, b) => a - b);
      const statement = db.last!;
      const plan = await db.rows<{ 'QUERY PLAN': string }>(
        `EXPLAIN (ANALYZE, BUFFERS) ${statement.sql}`,
        statement.params,
      );
      const lines = plan.map((r) => r['QUERY PLAN']);
      console.log(`\n=== ${name}: median ${times[2].toFixed(1)} ms (5 calls)`);
      console.log(lines.filter((l) => /Execution Time|Planning Time/.test(l)).join('\n'));
      if (process.env.MEASURE_PLANS) console.log(lines.join('\n'));
    }
  } finally {
    await dataSource.query(`DROP SCHEMA IF EXISTS "${SCHEMA}" CASCADE`);
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
