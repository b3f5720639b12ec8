import IORedis from 'ioredis';
import type { DataSource } from 'typeorm';
import { Database, WorkQueueChangeRepository } from '@scb/persistence';
import { workItemJobId } from '@scb/routing';
import { freshDatabase, isolatedEnv, seedQueuedWork, testRedisUrl } from '@scb/testing';
import { WorkQueueGateway } from './work-queue.gateway';
import { WorkQueueProjector } from './work-queue.projector';

describe('WorkQueueProjector on the real Postgres and BullMQ', () => {
  const env = isolatedEnv('projector');
  let dataSource: DataSource;
  let drop: () => Promise<void>;
  let db: Database;
  let queues: WorkQueueGateway;
  let changes: WorkQueueChangeRepository;
  let projector: WorkQueueProjector;

  beforeAll(async () => {
    ({ dataSource, drop } = await freshDatabase(env.DB_SCHEMA));
    db = new Database(dataSource);
    queues = new WorkQueueGateway(testRedisUrl(), env.QUEUE_PREFIX);
    changes = new WorkQueueChangeRepository(db);
    projector = new WorkQueueProjector(db, changes, queues);
  });

  afterAll(async () => {
    await queues.close();
    const redis = new IORedis(testRedisUrl());
    const keys = await redis.keys(`${env.QUEUE_PREFIX}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
    await drop();
  });

  const job = (queue: string, id: string) => queues.queue(queue).getJob(workItemJobId(id));

  it('adds, re-prioritizes, moves and removes jobs as the items change, after each commit', async () => {
    const [a, b] = await seedQueuedWork(dataSource, [
      { channel: 'social', priority: 3 },
      { channel: 'phone', priority: 2 },
    ]);
    await db.run(() =>
      projector.record([
        {
          workItemId: a.id,
          fromQueue: null,
          traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
        },
        { workItemId: b.id, fromQueue: null },
      ]),
    );
    expect((await job('default', a.id))?.data).toMatchObject({
      workItemId: a.id,
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    });
    expect((await job('default', b.id))?.priority).toBe(2);
    expect(await changes.pendingCount()).toBe(0);

    await dataSource.query(`INSERT INTO queues (name, description) VALUES ('vip', 'VIP')`);
    await db.run(async () => {
      await db.execute(`UPDATE work_items SET priority = 1 WHERE id = $1`, [a.id]);
      await db.execute(`UPDATE work_items SET queue_name = 'vip' WHERE id = $1`, [b.id]);
      await projector.record([
        { workItemId: a.id, fromQueue: 'default' },
        { workItemId: b.id, fromQueue: 'default' },
      ]);
    });
    expect((await job('default', a.id))?.priority).toBe(1);
    expect(await job('default', b.id)).toBeUndefined();
    expect((await job('vip', b.id))?.priority).toBe(2);

    await db.execute(`UPDATE work_items SET status = 'assigned' WHERE id = ANY($1::uuid[])`, [
      [a.id, b.id],
    ]);
    await db.run(() =>
      projector.record([
        { workItemId: a.id, fromQueue: 'default' },
        { workItemId: b.id, fromQueue: 'vip' },
      ]),
    );
    expect(await job('default', a.id)).toBeUndefined();
    expect(await job('vip', b.id)).toBeUndefined();
  });

  it('records nothing when the unit of work rolls back', async () => {
    const [c] = await seedQueuedWork(dataSource, [{ channel: 'social', priority: 3 }]);
    await expect(
      db.run(async () => {
        await projector.record([{ workItemId: c.id, fromQueue: null }]);
        throw new Error('the state change failed');
      }),
    ).rejects.toThrow('the state change failed');
    expect(await changes.pendingCount()).toBe(0);
    expect(await job('default', c.id)).toBeUndefined();
  });

  it('keeps changes it could not apply and drains them later, stamping queued_at once', async () => {
    const [d] = await seedQueuedWork(dataSource, [{ channel: 'phone', priority: 4 }]);
    await dataSource.query(`UPDATE work_items SET queued_at = NULL WHERE id = $1`, [d.id]);
    // Rows written but not projected: a crash right after the commit.
    await db.run(() => changes.record([{ workItemId: d.id, fromQueue: null }]));
    expect(await changes.pendingCount()).toBe(1);
    expect(await projector.drain()).toBe(1);
    expect((await job('default', d.id))?.priority).toBe(4);
    const [{ queued_at }]: Array<{ queued_at: Date | null }> = await dataSource.query(
      `SELECT queued_at FROM work_items WHERE id = $1`,
      [d.id],
    );
    expect(queued_at).toBeInstanceOf(Date);
    expect(await projector.drain()).toBe(0);
  });
});
