import type { DataSource } from 'typeorm';
import { Database, WorkAssignmentRepository } from '@scb/persistence';
import { countRows, freshDatabase, isolatedEnv, seedQueuedWork } from '@scb/testing';
import { ClaimNextWork } from './claim-next-work.usecase';

/** The one-statement hand-out on the real Postgres (BullMQ projection left out: recorded ids). */
describe('ClaimNextWork on Postgres', () => {
  let dataSource: DataSource;
  let drop: () => Promise<void>;
  let claim: ClaimNextWork;
  const projected: string[] = [];

  const newAgent = async (presence: string, capacity: Record<string, number>) => {
    const [{ id }]: Array<{ id: string }> = await dataSource.query(
      `INSERT INTO agents (name, presence, capacity, last_heartbeat_at)
       VALUES ('agent', $1, $2, now()) RETURNING id`,
      [presence, JSON.stringify(capacity)],
    );
    return id;
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
});
