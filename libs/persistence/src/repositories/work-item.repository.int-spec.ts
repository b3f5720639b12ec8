import type { DataSource } from 'typeorm';
import { freshDatabase, isolatedEnv } from '@scb/testing';
import { Database } from '../database';
import { WorkItemRepository, type WorkItemRequest } from './work-item.repository';

/** `n` open cases, each on its own customer, written in one statement. */
async function openCases(dataSource: DataSource, n: number): Promise<string[]> {
  const rows: Array<{ id: string }> = await dataSource.query(
    `WITH cu AS (INSERT INTO customers (display_name)
                 SELECT 'case ' || g FROM generate_series(1, $1) g RETURNING id)
     INSERT INTO cases (id, customer_id, origin_channel, priority)
     SELECT gen_random_uuid(), id, 'social', 3 FROM cu RETURNING id`,
    [n],
  );
  return rows.map((r) => r.id);
}

const request = (caseId: string, priority = 3): WorkItemRequest => ({
  caseId,
  queue: 'default',
  channel: 'social',
  priority,
  requiredSkills: [],
  explanation: 'a routing explanation as long as a real one, naming the rule and the queue',
});

/** A fresh schema with the repository on it, for one describe block. */
function onFreshDatabase(label: string) {
  const ctx = {} as { dataSource: DataSource; db: Database; repo: WorkItemRepository };
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ({ dataSource: ctx.dataSource, drop } = await freshDatabase(isolatedEnv(label).DB_SCHEMA));
    ctx.db = new Database(ctx.dataSource);
    ctx.repo = new WorkItemRepository(ctx.db);
  });
  afterAll(() => drop());
  return ctx;
}

/** The router's batch write of work items on real Postgres. */
describe('WorkItemRepository (real Postgres)', () => {
  const ctx = onFreshDatabase('workitems');

  it('updates the active items of a batch of follow-ups mostly in place: HOT updates (migration 1767860000000)', async () => {
    const cases = await openCases(ctx.dataSource, 300);
    const created = await ctx.repo.ensureActive(cases.map((c) => request(c)));
    expect(created.active.filter((a) => a.created)).toHaveLength(300);

    // The backend's own counters (not yet flushed to the shared statistics), read around the
    // batch on one connection, so other tests' writes cannot blur them.
    const counters = () =>
      ctx.db.one<{ updated: string; hot: string }>(
        `SELECT pg_stat_get_xact_tuples_updated('work_items'::regclass) AS updated,
                pg_stat_get_xact_tuples_hot_updated('work_items'::regclass) AS hot`,
      );
    const [before, after, followed] = await ctx.db.run(async () => {
      const start = await counters();
      const result = await ctx.repo.ensureActive(cases.map((c) => request(c)));
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

    const [{ updates }]: Array<{ updates: string }> = await ctx.dataSource.query(
      `SELECT sum(updates) AS updates FROM work_items WHERE case_id = ANY($1::uuid[])`,
      [cases],
    );
    expect(Number(updates)).toBe(300);
  });
});

/**
 * Statistics taken while a table was small or held other statuses (a new deployment, the start
 * of a burst: autovacuum samples a table again only after a tenth of it changed, at most once a
 * minute) must not turn the router's lookups of a batch's items into a scan of every active item:
 * each batch would cost as much as the backlog holds. Autovacuum is off here, the statistics are
 * those of 20 items, and then 20,000 items pile up. With Postgres' default costs a scan of up to
 * about 6,000 items is the planner's own choice for a batch of 100 (a small table), so the test
 * needs a backlog well past that; the old statement scanned at every size.
 */
describe('WorkItemRepository under stale statistics (real Postgres)', () => {
  const ACTIVE = 20000;
  const ctx = onFreshDatabase('workstale');

  /** Rows each table's sequential scans returned in this transaction (the backend's own counters). */
  const scanned = () =>
    ctx.db.one<{ work_items: string; cases: string }>(
      `SELECT pg_stat_get_xact_tuples_returned('work_items'::regclass) AS work_items,
              pg_stat_get_xact_tuples_returned('cases'::regclass) AS cases`,
    );
  const readDuring = async (requests: WorkItemRequest[]) => {
    const [before, after, result] = await ctx.db.run(async () => {
      const start = await scanned();
      const ensured = await ctx.repo.ensureActive(requests);
      return [start, await scanned(), ensured] as const;
    });
    const read = (k: 'work_items' | 'cases') => Number(after![k]) - Number(before![k]);
    return { result, workItems: read('work_items'), cases: read('cases') };
  };

  it('reads a batch of follow-ups and of new cases by key, not by scanning the backlog', async () => {
    await ctx.dataSource.query(`ALTER TABLE work_items SET (autovacuum_enabled = false)`);
    await ctx.dataSource.query(`ALTER TABLE cases SET (autovacuum_enabled = false)`);
    await ctx.repo.ensureActive((await openCases(ctx.dataSource, 20)).map((c) => request(c)));
    await ctx.dataSource.query(`ANALYZE work_items`);
    await ctx.dataSource.query(`ANALYZE cases`);
    const cases = await openCases(ctx.dataSource, ACTIVE);
    for (let i = 0; i < cases.length; i += 1000) {
      await ctx.repo.ensureActive(cases.slice(i, i + 1000).map((c) => request(c)));
    }

    // 100 follow-ups (the update path): the plan of the old statement hashed every active item.
    const followUps = await readDuring(
      cases.filter((_, i) => i % (ACTIVE / 100) === 0).map((c) => request(c)),
    );
    expect(followUps.result.active.filter((a) => !a.created)).toHaveLength(100);
    expect(followUps.workItems).toBeLessThan(1000);
    expect(followUps.cases).toBeLessThan(1000);

    // 100 new cases (the insert path, which reads their case numbers back).
    const fresh = await readDuring((await openCases(ctx.dataSource, 100)).map((c) => request(c)));
    expect(fresh.result.active.filter((a) => a.created)).toHaveLength(100);
    expect(fresh.workItems).toBeLessThan(1000);
    expect(fresh.cases).toBeLessThan(1000);
  });
});
