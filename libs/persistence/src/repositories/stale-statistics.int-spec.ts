import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { BatchCaseMatcher, RuleSet } from '@scb/matching';
import { aMention, freshDatabase, isolatedEnv, mentionRecorder } from '@scb/testing';
import { Database } from '../database';

/**
 * Issue 17, target 4 (cost grows linearly). The hot batches look rows up by key: the posts, the
 * authors' identities, their customers and cases. Statistics taken while a table was small (a
 * new deployment, the start of a burst: autovacuum re-samples a table only after a tenth of it
 * changed, and at most once a minute) let the planner read such a lookup as a scan of the whole
 * table, so each batch costs as much as the table holds and a burst becomes quadratic. Here
 * autovacuum is off, the statistics are those of a tiny first sample, and the tables then fill
 * to 20,000 rows; a batch must still read only about as many rows as it touches.
 */
describe('Hot batches under stale statistics (real Postgres)', () => {
  let dataSource: DataSource;
  let drop: () => Promise<void>;
  let db: Database;
  const decide = new BatchCaseMatcher(randomUUID).forBatch(RuleSet.defaults());
  // Large enough that a scan costs more than the batch's index lookups by the planner's own
  // estimates (with 3,000 rows a scan is the planner's right choice, and the test would fail).
  const AUTHORS = 20000;
  const tables = [
    'customers',
    'customer_identities',
    'customer_identifiers',
    'cases',
    'interactions',
    'outbox',
  ];

  beforeAll(async () => {
    ({ dataSource, drop } = await freshDatabase(isolatedEnv('stale').DB_SCHEMA));
    db = new Database(dataSource);
    for (const t of tables)
      await dataSource.query(`ALTER TABLE ${t} SET (autovacuum_enabled = false)`);
  });
  afterAll(() => drop());

  /** Rows each table's sequential scans returned in this transaction (the backend's own counters). */
  const scannedRows = async (): Promise<Map<string, number>> => {
    const rows = await db.rows<{ relname: string; n: string }>(
      `SELECT relname, seq_tup_read AS n FROM pg_stat_xact_user_tables
        WHERE schemaname = current_schema()`,
    );
    return new Map(rows.map((r) => [r.relname, Number(r.n)]));
  };

  it("reads by key when the matcher records a batch of known and new authors' posts", async () => {
    const record = mentionRecorder(dataSource, 'cases.events.v1', db);
    const post = (author: string) => ({
      mention: aMention({ authorId: author, authorHandle: author }),
      publishedAt: new Date(),
    });
    await record([post('first-a'), post('first-b')], decide);
    for (const t of tables) await dataSource.query(`ANALYZE ${t}`);

    const authors = Array.from({ length: AUTHORS }, (_, i) => `author-${i}-${randomUUID()}`);
    for (let i = 0; i < authors.length; i += 1000) {
      await record(authors.slice(i, i + 1000).map(post), decide);
    }

    // 100 posts: 50 from known authors (joined to their open cases), 50 from new ones.
    const batch = [
      ...authors.filter((_, i) => i % (authors.length / 50) === 0).map(post),
      ...Array.from({ length: 50 }, () => post(`new-${randomUUID()}`)),
    ];
    const [before, after, result] = await db.run(async () => {
      const start = await scannedRows();
      const recorded = await record(batch, decide);
      return [start, await scannedRows(), recorded] as const;
    });
    expect(result).toMatchObject({ stored: 100, casesOpened: 50 });

    const read = Object.fromEntries(
      tables.map((t) => [t, (after.get(t) ?? 0) - (before.get(t) ?? 0)]),
    );
    // Each table holds 20,000 rows or more: a scan of any of them shows here.
    expect(Object.entries(read).filter(([, n]) => n >= 1000)).toEqual([]);
  });
});
