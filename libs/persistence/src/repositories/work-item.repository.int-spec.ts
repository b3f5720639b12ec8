import type { DataSource } from 'typeorm';
import { freshDatabase, isolatedEnv } from '@scb/testing';
import { Database } from '../database';
import { WorkItemRepository, type WorkItemRequest } from './work-item.repository';

/** The router's batch write of work items on real Postgres. */
describe('WorkItemRepository (real Postgres)', () => {
  let dataSource: DataSource;
  let drop: () => Promise<void>;
  let db: Database;
  let repo: WorkItemRepository;

  beforeAll(async () => {
    ({ dataSource, drop } = await freshDatabase(isolatedEnv('workitems').DB_SCHEMA));
    db = new Database(dataSource);
    repo = new WorkItemRepository(db);
  });
  afterAll(() => drop());

  /** `n` open cases, each on its own customer, written in one statement. */
  const openCases = async (n: number): Promise<string[]> => {
    const rows: Array<{ id: string }> = await dataSource.query(
      `WITH cu AS (INSERT INTO customers (display_name)
                   SELECT 'hot ' || g FROM generate_series(1, $1) g RETURNING id)
       INSERT INTO cases (id, customer_id, origin_channel, priority)
       SELECT gen_random_uuid(), id, 'social', 3 FROM cu RETURNING id`,
      [n],
    );
    return rows.map((r) => r.id);
  };
  const request = (caseId: string, priority = 3): WorkItemRequest => ({
    caseId,
    queue: 'default',
    channel: 'social',
    priority,
    requiredSkills: [],
    explanation: 'a routing explanation as long as a real one, naming the rule and the queue',
  });

  it('updates the active items of a batch of follow-ups mostly in place: HOT updates (migration 1767860000000)', async () => {
    const cases = await openCases(300);
    const created = await repo.ensureActive(cases.map((c) => request(c)));
    expect(created.active.filter((a) => a.created)).toHaveLength(300);

    // The backend's own counters (not yet flushed to the shared statistics), read around the
    // batch on one connection, so other tests' writes cannot blur them.
    const counters = () =>
      db.one<{ updated: string; hot: string }>(
        `SELECT pg_stat_get_xact_tuples_updated('work_items'::regclass) AS updated,
                pg_stat_get_xact_tuples_hot_updated('work_items'::regclass) AS hot`,
      );
    const [before, after, followed] = await db.run(async () => {
      const start = await counters();
      const result = await repo.ensureActive(cases.map((c) => request(c)));
      return [start, await counters(), result] as const;
    });
    expect(followed.active.filter((a) => !a.created)).toHaveLength(300);
    expect(followed.raised).toEqual([]);
    const updated = Number(after!.updated) - Number(before!.updated);
    const hot = Number(after!.hot) - Number(before!.hot);
    expect(updated).toBe(300);
    // Pages filled by the batch insert keep 30% free (fillfactor 70): about half of the
    // updates fit beside their row. With full pages only the last page has room (a few).
    expect(hot).toBeGreaterThanOrEqual(100);

    const [{ updates }]: Array<{ updates: string }> = await dataSource.query(
      `SELECT sum(updates) AS updates FROM work_items WHERE case_id = ANY($1::uuid[])`,
      [cases],
    );
    expect(Number(updates)).toBe(300);
  });
  /**
   * Statistics taken while a table was small (a new deployment, the start of a burst) must not
   * turn the batch's lookups by key into a scan of every row: that makes each batch cost as much
   * as the table holds, and a burst quadratic. Autovacuum is off for the tables here, so their
   * statistics stay those of the first, tiny sample while 3,000 active items pile up.
   */
  it('looks up a batch of follow-ups by key even when the statistics saw a small table', async () => {
    await dataSource.query(`ALTER TABLE work_items SET (autovacuum_enabled = false)`);
    await dataSource.query(`ALTER TABLE cases SET (autovacuum_enabled = false)`);
    await repo.ensureActive((await openCases(20)).map((c) => request(c)));
    await dataSource.query(`ANALYZE work_items`);
    await dataSource.query(`ANALYZE cases`);
    const cases = await openCases(3000);
    for (let i = 0; i < cases.length; i += 300) {
      await repo.ensureActive(cases.slice(i, i + 300).map((c) => request(c)));
    }

    // Rows read by sequential scans in this transaction only (the backend's own counters).
    const scanned = () =>
      db.one<{ work_items: string; cases: string }>(
        `SELECT pg_stat_get_xact_tuples_returned('work_items'::regclass) AS work_items,
                pg_stat_get_xact_tuples_returned('cases'::regclass) AS cases`,
      );
    const readDuring = async (requests: WorkItemRequest[]) => {
      const [before, after, result] = await db.run(async () => {
        const start = await scanned();
        const ensured = await repo.ensureActive(requests);
        return [start, await scanned(), ensured] as const;
      });
      const read = (k: 'work_items' | 'cases') => Number(after![k]) - Number(before![k]);
      return { result, workItems: read('work_items'), cases: read('cases') };
    };

    // 100 follow-ups (the update path): a few hundred rows by index at most; the scan read all 3,020.
    const followUps = await readDuring(cases.filter((_, i) => i % 30 === 0).map((c) => request(c)));
    expect(followUps.result.active.filter((a) => !a.created)).toHaveLength(100);
    expect(followUps.workItems).toBeLessThan(1000);
    expect(followUps.cases).toBeLessThan(1000);

    // 100 new cases (the insert path, which reads the case numbers back).
    const fresh = await readDuring((await openCases(100)).map((c) => request(c)));
    expect(fresh.result.active.filter((a) => a.created)).toHaveLength(100);
    expect(fresh.workItems).toBeLessThan(1000);
    expect(fresh.cases).toBeLessThan(1000);
  });
});
