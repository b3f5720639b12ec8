import type { DataSource } from 'typeorm';
import {
  Database,
  WorkAssignmentRepository,
  type PreparedStatement,
  type SqlResult,
} from '@scb/persistence';
import { countRows, freshDatabase, isolatedEnv, seedQueuedWork } from '@scb/testing';
import { ClaimNextWork } from './claim-next-work.usecase';

interface PlanNode {
  'Actual Rows': number;
  'Shared Hit Blocks': number;
  'Shared Read Blocks': number;
}

/** Runs every statement under `EXPLAIN (ANALYZE, BUFFERS)` and keeps the plans (no rows back). */
class ExplainedDatabase extends Database {
  readonly plans: PlanNode[] = [];

  override async execute<T = unknown>(
    sql: string | PreparedStatement,
    params: readonly unknown[] = [],
  ): Promise<SqlResult<T>> {
    // EXPLAIN of the statement's text (a prepared statement's plan is the same statement's).
    const text = typeof sql === 'string' ? sql : sql.text;
    const { rows } = await super.execute<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>(
      `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${text}`,
      params,
    );
    this.plans.push(rows[0]['QUERY PLAN'][0].Plan);
    return { rows: [], affected: 0 };
  }
}

/** The one-statement hand-out on the real Postgres (BullMQ projection left out: recorded ids). */
describe('ClaimNextWork on Postgres', () => {
  let dataSource: DataSource;
  let drop: () => Promise<void>;
  let claim: ClaimNextWork;
  const projected: string[] = [];

  const newAgent = async (
    presence: string,
    capacity: Record<string, number>,
    queues = ['default'],
  ) => {
    const [{ id }]: Array<{ id: string }> = await dataSource.query(
      `INSERT INTO agents (name, presence, capacity, queues, last_heartbeat_at)
       VALUES ('agent', $1, $2, $3, now()) RETURNING id`,
      [presence, JSON.stringify(capacity), queues],
    );
    return id;
  };

  /**
   * The hand-out statement's plan under `EXPLAIN (ANALYZE, BUFFERS)` (its buffers include the
   * pick's), on one connection that has called the pick before: a session's first call compiles
   * the function and plans its statements, which reads 400-550 catalog pages whatever the table
   * holds (the reason these tests used to pass only after others had used the pool).
   */
  const explainedHandOut = async (agentId: string) => {
    const explained = new ExplainedDatabase(dataSource);
    await explained.run(async () => {
      await explained.execute(`SELECT next_queued_work_item('{}', '{}', '{}')`);
      await new WorkAssignmentRepository(explained).claimNext(agentId);
    });
    return explained.plans[1];
  };

  beforeAll(async () => {
    ({ dataSource, drop } = await freshDatabase(isolatedEnv('claimnext').DB_SCHEMA));
    const db = new Database(dataSource);
    claim = new ClaimNextWork(db, new WorkAssignmentRepository(db), {
      projectInBackground: (ids) => void projected.push(...ids),
    });
  });

  afterAll(() => drop());

  it("never hands one agent's concurrent requests more than its capacity, nor an item twice", async () => {
    const items = await seedQueuedWork(dataSource, [
      ...Array.from({ length: 6 }, (_, i) => ({
        channel: 'social' as const,
        priority: 2,
        queuedSecondsAgo: 100 - i,
      })),
      { channel: 'phone', priority: 1, queuedSecondsAgo: 10 },
      { channel: 'phone', priority: 1, queuedSecondsAgo: 5 },
    ]);
    const agent = await newAgent('available', { phone: 1, social: 2 });
    // Ten requests at once on a pool of four: most wait for the agent's lock, and their
    // statements' snapshots miss the hand-outs committed while they waited.
    const results = await Promise.all(
      Array.from({ length: 10 }, () => claim.execute({ agentId: agent })),
    );
    const handed = results.flatMap((r) => (r.kind === 'assigned' ? [r.item] : []));
    expect(handed.map((h) => h.channel).sort()).toEqual(['phone', 'social', 'social']);
    expect(new Set(handed.map((h) => h.id)).size).toBe(3);
    // Hand-out order: the older phone call (priority 1), then the two longest-waiting social items.
    expect(handed.map((h) => h.id).sort()).toEqual([items[6].id, items[0].id, items[1].id].sort());
    expect(results.filter((r) => r.kind === 'refused')).toHaveLength(7);
    expect(
      await countRows(dataSource, `SELECT 1 FROM work_items WHERE agent_id = $1`, [agent]),
    ).toBe(3);
    const [{ hand_outs }]: Array<{ hand_outs: string }> = await dataSource.query(
      `SELECT hand_outs FROM agents WHERE id = $1`,
      [agent],
    );
    expect(hand_outs).toBe('3');
    // Each hand-out wrote its BullMQ change with it, for the projection after commit.
    expect(projected).toHaveLength(3);
    expect(await countRows(dataSource, `SELECT 1 FROM work_queue_changes`)).toBe(3);
  });

  it('refuses, finds nothing or does not know the agent, by the capacity rule', async () => {
    await dataSource.query(`UPDATE work_items SET status = 'completed' WHERE status = 'queued'`);
    await seedQueuedWork(dataSource, [{ channel: 'phone', priority: 1 }]);
    const away = await newAgent('away', { phone: 1, social: 1 });
    await expect(claim.execute({ agentId: away })).resolves.toEqual({
      kind: 'refused',
      reason: 'agent is away; only available agents are handed work',
    });
    const socialOnly = await newAgent('available', { phone: 0, social: 1 });
    await expect(claim.execute({ agentId: socialOnly })).resolves.toEqual({ kind: 'empty' });
    await expect(
      claim.execute({ agentId: '00000000-0000-4000-8000-000000000000' }),
    ).resolves.toEqual({ kind: 'unknown-agent' });
  });

  it('hands a multi-queue agent the best item of all its queues, in hand-out order', async () => {
    await dataSource.query(`UPDATE work_items SET status = 'completed' WHERE status = 'queued'`);
    await dataSource.query(
      `INSERT INTO queues (name) VALUES ('billing'), ('vip') ON CONFLICT DO NOTHING`,
    );
    const [olderDefault, urgentBilling, newerDefault, otherQueue, olderBilling] =
      await seedQueuedWork(dataSource, [
        { channel: 'social', priority: 2, queuedSecondsAgo: 300 },
        { channel: 'social', priority: 1, queuedSecondsAgo: 10, queue: 'billing' },
        { channel: 'social', priority: 2, queuedSecondsAgo: 100 },
        { channel: 'social', priority: 1, queuedSecondsAgo: 900, queue: 'vip' },
        { channel: 'social', priority: 2, queuedSecondsAgo: 200, queue: 'billing' },
      ]);
    const agent = await newAgent('available', { phone: 0, social: 10 }, ['default', 'billing']);
    const order: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      const result = await claim.execute({ agentId: agent });
      if (result.kind === 'assigned') order.push(result.item.id);
    }
    expect(order).toEqual([urgentBilling.id, olderDefault.id, olderBilling.id, newerDefault.id]);
    // Nothing of a queue the agent does not serve, however urgent; its candidates were unlocked.
    const [{ status }]: Array<{ status: string }> = await dataSource.query(
      `SELECT status FROM work_items WHERE id = $1`,
      [otherQueue.id],
    );
    expect(status).toBe('queued');
    await dataSource.query(`UPDATE work_items SET status = 'completed' WHERE status = 'queued'`);
  });

  it("locks only the item it hands out, not the best of each of the agent's other queues", async () => {
    await dataSource.query(`UPDATE work_items SET status = 'completed' WHERE status = 'queued'`);
    const [billing, vip] = await seedQueuedWork(dataSource, [
      { channel: 'social', priority: 1, queuedSecondsAgo: 60, queue: 'billing' },
      { channel: 'social', priority: 2, queuedSecondsAgo: 60, queue: 'vip' },
    ]);
    // A hand-out to an agent of both queues, still in its transaction.
    const inFlight = dataSource.createQueryRunner();
    await inFlight.connect();
    await inFlight.startTransaction();
    try {
      const [{ id }]: Array<{ id: string }> = await inFlight.query(
        `SELECT next_queued_work_item('{billing,vip}', '{social}', '{}') AS id`,
      );
      expect(id).toBe(billing.id);
      // Meanwhile an agent of the other queue is handed its item, not skipped past it.
      const vipAgent = await newAgent('available', { phone: 0, social: 1 }, ['vip']);
      await expect(claim.execute({ agentId: vipAgent })).resolves.toMatchObject({
        kind: 'assigned',
        item: { id: vip.id },
      });
    } finally {
      await inFlight.rollbackTransaction();
      await inFlight.release();
    }
    await dataSource.query(`UPDATE work_items SET status = 'completed' WHERE status = 'queued'`);
  });

  it('walks on past every candidate being handed out to someone else', async () => {
    const items = await seedQueuedWork(
      dataSource,
      Array.from({ length: 17 }, (_, i) => ({
        channel: 'social' as const,
        priority: 2,
        queuedSecondsAgo: 100 - i,
        queue: 'billing',
      })),
    );
    // More hand-outs in flight on the queue's head than the pick reads candidates (16).
    const inFlight = dataSource.createQueryRunner();
    await inFlight.connect();
    await inFlight.startTransaction();
    try {
      await inFlight.query(
        `SELECT id FROM work_items WHERE queue_name = 'billing' AND status = 'queued'
          ORDER BY priority, queued_at, created_at, id LIMIT 16 FOR UPDATE`,
      );
      // Of two queues (the other empty), so the pick goes through its candidates first.
      const agent = await newAgent('available', { phone: 0, social: 1 }, ['billing', 'vip']);
      await expect(claim.execute({ agentId: agent })).resolves.toMatchObject({
        kind: 'assigned',
        item: { id: items[16].id },
      });
    } finally {
      await inFlight.rollbackTransaction();
      await inFlight.release();
    }
    await dataSource.query(`UPDATE work_items SET status = 'completed' WHERE status = 'queued'`);
  });

  it('walks the hand-out index to the best item even before the table has planner statistics', async () => {
    // A table autovacuum has not analysed yet, as on a new deployment or right after a burst:
    // the planner used to estimate one matching row, read every waiting item and sort them.
    await dataSource.query(`UPDATE work_items SET status = 'completed' WHERE status = 'queued'`);
    await dataSource.query(`ALTER TABLE work_items SET (autovacuum_enabled = false)`);
    await dataSource.query(
      `WITH customer AS (
         INSERT INTO customers (display_name) SELECT 'seeded' FROM generate_series(1, 20000)
         RETURNING id),
       kase AS (
         INSERT INTO cases (id, customer_id, origin_channel, priority)
         SELECT gen_random_uuid(), id, 'social', 2 FROM customer RETURNING id)
       INSERT INTO work_items (case_id, queue_name, channel, priority, routing_explanation, queued_at)
       SELECT id, 'default', 'social', 2, 'seeded', now() - interval '1 minute' FROM kase`,
    );
    const [best] = await seedQueuedWork(dataSource, [
      { channel: 'social', priority: 2, queuedSecondsAgo: 3_600 },
    ]);
    const [{ reltuples }]: Array<{ reltuples: number }> = await dataSource.query(
      `SELECT reltuples FROM pg_class WHERE oid = 'work_items'::regclass`,
    );
    expect(reltuples).toBe(-1); // never analysed

    // The hand-out statement itself, run under EXPLAIN ANALYZE: its buffers include the pick's.
    const agent = await newAgent('available', { phone: 0, social: 1 });
    const plan = await explainedHandOut(agent);
    expect(plan['Actual Rows']).toBe(1);
    // An index walk touches a handful of pages; reading the 20,001 waiting items takes hundreds.
    expect(plan['Shared Hit Blocks'] + plan['Shared Read Blocks']).toBeLessThan(150);
    const [claimed]: Array<{ agent_id: string }> = await dataSource.query(
      `SELECT agent_id FROM work_items WHERE id = $1`,
      [best.id],
    );
    expect(claimed.agent_id).toBe(agent);
  });

  it("serves an agent of a small queue without walking another queue's backlog", async () => {
    // The 20,000 items of the previous test still wait in `default`.
    const [vipItem] = await seedQueuedWork(dataSource, [
      { channel: 'social', priority: 3, queuedSecondsAgo: 1, queue: 'vip' },
    ]);
    const agent = await newAgent('available', { phone: 0, social: 1 }, ['vip']);
    const plan = await explainedHandOut(agent);
    expect(plan['Shared Hit Blocks'] + plan['Shared Read Blocks']).toBeLessThan(150);
    const [claimed]: Array<{ agent_id: string }> = await dataSource.query(
      `SELECT agent_id FROM work_items WHERE id = $1`,
      [vipItem.id],
    );
    expect(claimed.agent_id).toBe(agent);
  });

  // The tests below use queues of their own and leave the others' items alone.

  it('hands out across channels in hand-out order, whichever channel the best item is on', async () => {
    await dataSource.query(
      `INSERT INTO queues (name) VALUES ('chan_order'), ('chan_order_b') ON CONFLICT DO NOTHING`,
    );
    const [olderUrgentPhone, newerUrgentSocial, olderSocial, phone, lowPhone, otherQueueSocial] =
      await seedQueuedWork(dataSource, [
        { channel: 'phone', priority: 1, queuedSecondsAgo: 300, queue: 'chan_order' },
        { channel: 'social', priority: 1, queuedSecondsAgo: 100, queue: 'chan_order' },
        { channel: 'social', priority: 2, queuedSecondsAgo: 900, queue: 'chan_order' },
        { channel: 'phone', priority: 2, queuedSecondsAgo: 600, queue: 'chan_order' },
        { channel: 'phone', priority: 3, queuedSecondsAgo: 1_000, queue: 'chan_order' },
        { channel: 'social', priority: 2, queuedSecondsAgo: 700, queue: 'chan_order_b' },
      ]);
    const agent = await newAgent('available', { phone: 5, social: 5 }, [
      'chan_order',
      'chan_order_b',
    ]);
    const order: string[] = [];
    for (let i = 0; i < 7; i += 1) {
      const result = await claim.execute({ agentId: agent });
      if (result.kind === 'assigned') order.push(result.item.id);
    }
    // Priority first, then the longest waiting, across channels and queues: an older priority-1
    // call before a newer priority-1 social item, which goes before any older priority-2 item.
    expect(order).toEqual([
      olderUrgentPhone.id,
      newerUrgentSocial.id,
      olderSocial.id,
      otherQueueSocial.id,
      phone.id,
      lowPhone.id,
    ]);
  });

  it("locks only the item it hands out, not the head of the agent's other channel", async () => {
    await dataSource.query(`INSERT INTO queues (name) VALUES ('chan_lock') ON CONFLICT DO NOTHING`);
    const [call, post] = await seedQueuedWork(dataSource, [
      { channel: 'phone', priority: 1, queuedSecondsAgo: 60, queue: 'chan_lock' },
      { channel: 'social', priority: 2, queuedSecondsAgo: 60, queue: 'chan_lock' },
    ]);
    // A hand-out to an agent with room on both channels, still in its transaction.
    const inFlight = dataSource.createQueryRunner();
    await inFlight.connect();
    await inFlight.startTransaction();
    try {
      const [{ id }]: Array<{ id: string }> = await inFlight.query(
        `SELECT next_queued_work_item('{chan_lock}', '{phone,social}', '{}') AS id`,
      );
      expect(id).toBe(call.id);
      // Meanwhile an agent with room only on social is handed the social item, not skipped past it.
      const socialAgent = await newAgent('available', { phone: 0, social: 1 }, ['chan_lock']);
      await expect(claim.execute({ agentId: socialAgent })).resolves.toMatchObject({
        kind: 'assigned',
        item: { id: post.id },
      });
    } finally {
      await inFlight.rollbackTransaction();
      await inFlight.release();
    }
  });

  it('walks on past every candidate of every channel being handed out, locking only its pick', async () => {
    await dataSource.query(`INSERT INTO queues (name) VALUES ('chan_busy') ON CONFLICT DO NOTHING`);
    // 17 calls, then 17 social items, all of the same priority: the calls waited longest.
    const items = await seedQueuedWork(dataSource, [
      ...Array.from({ length: 17 }, (_, i) => ({
        channel: 'phone' as const,
        priority: 2,
        queuedSecondsAgo: 200 - i,
        queue: 'chan_busy',
      })),
      ...Array.from({ length: 17 }, (_, i) => ({
        channel: 'social' as const,
        priority: 2,
        queuedSecondsAgo: 100 - i,
        queue: 'chan_busy',
      })),
    ]);
    const [call17, post17] = [items[16], items[33]];
    // More hand-outs in flight on each channel's head than the pick reads candidates (16).
    const others = dataSource.createQueryRunner();
    const inFlight = dataSource.createQueryRunner();
    await others.connect();
    await inFlight.connect();
    await others.startTransaction();
    await inFlight.startTransaction();
    try {
      await others.query(`SELECT id FROM work_items WHERE id = ANY($1::uuid[]) FOR UPDATE`, [
        [...items.slice(0, 16), ...items.slice(17, 33)].map((i) => i.id),
      ]);
      // An agent with room on both channels gets the 17th call, the best item nobody holds...
      const [{ id }]: Array<{ id: string }> = await inFlight.query(
        `SELECT next_queued_work_item('{chan_busy}', '{phone,social}', '{}') AS id`,
      );
      expect(id).toBe(call17.id);
      // ...and while its hand-out is in flight, the 17th social item is still free for another.
      const socialAgent = await newAgent('available', { phone: 0, social: 1 }, ['chan_busy']);
      await expect(claim.execute({ agentId: socialAgent })).resolves.toMatchObject({
        kind: 'assigned',
        item: { id: post17.id },
      });
    } finally {
      await inFlight.rollbackTransaction();
      await inFlight.release();
      await others.rollbackTransaction();
      await others.release();
    }
  });

  it("serves an agent with room on one channel without walking the other channel's backlog", async () => {
    // A never-analysed table (as in the test above), and a queue of 20,000 waiting calls queued
    // before one social item. The agent is on a call: no room for phone, room for social.
    await dataSource.query(`ALTER TABLE work_items SET (autovacuum_enabled = false)`);
    await dataSource.query(
      `INSERT INTO queues (name) VALUES ('chan_calls') ON CONFLICT DO NOTHING`,
    );
    const [held] = await seedQueuedWork(dataSource, [
      { channel: 'phone', priority: 2, queuedSecondsAgo: 7_200, queue: 'chan_calls' },
    ]);
    await dataSource.query(
      `WITH customer AS (
         INSERT INTO customers (display_name) SELECT 'seeded' FROM generate_series(1, 20000)
         RETURNING id),
       kase AS (
         INSERT INTO cases (id, customer_id, origin_channel, priority)
         SELECT gen_random_uuid(), id, 'phone', 2 FROM customer RETURNING id)
       INSERT INTO work_items (case_id, queue_name, channel, priority, routing_explanation, queued_at)
       SELECT id, 'chan_calls', 'phone', 2, 'seeded', now() - interval '1 hour' FROM kase`,
    );
    const [post] = await seedQueuedWork(dataSource, [
      { channel: 'social', priority: 2, queuedSecondsAgo: 1, queue: 'chan_calls' },
    ]);
    const [{ reltuples }]: Array<{ reltuples: number }> = await dataSource.query(
      `SELECT reltuples FROM pg_class WHERE oid = 'work_items'::regclass`,
    );
    expect(reltuples).toBe(-1); // never analysed
    const agent = await newAgent('available', { phone: 1, social: 3 }, ['chan_calls']);
    await dataSource.query(
      `UPDATE work_items SET status = 'assigned', agent_id = $2, assigned_at = now() WHERE id = $1`,
      [held.id, agent],
    );

    const plan = await explainedHandOut(agent);
    expect(plan['Actual Rows']).toBe(1);
    // Straight to the queue's first social item: a handful of pages, not one per waiting call.
    expect(plan['Shared Hit Blocks'] + plan['Shared Read Blocks']).toBeLessThan(150);
    const [claimed]: Array<{ agent_id: string }> = await dataSource.query(
      `SELECT agent_id FROM work_items WHERE id = $1`,
      [post.id],
    );
    expect(claimed.agent_id).toBe(agent);
  });
});
