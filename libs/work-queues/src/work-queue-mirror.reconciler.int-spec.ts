import IORedis from 'ioredis';
import type { DataSource } from 'typeorm';
import { Database, WorkItemRepository } from '@scb/persistence';
import { workItemJobId } from '@scb/routing';
import { freshDatabase, isolatedEnv, seedQueuedWork, testRedisUrl } from '@scb/testing';
import { WorkQueueGateway } from './work-queue.gateway';
import { WorkQueueMirrorReconciler } from './work-queue-mirror.reconciler';

describe('WorkQueueMirrorReconciler on the real Postgres and BullMQ', () => {
  const env = isolatedEnv('mirror');
  let dataSource: DataSource;
  let drop: () => Promise<void>;
  let queues: WorkQueueGateway;
  let reconciler: WorkQueueMirrorReconciler;

  beforeAll(async () => {
    ({ dataSource, drop } = await freshDatabase(env.DB_SCHEMA));
    queues = new WorkQueueGateway(testRedisUrl(), env.QUEUE_PREFIX);
    reconciler = new WorkQueueMirrorReconciler(
      new WorkItemRepository(new Database(dataSource)),
      queues,
    );
  });

  afterAll(async () => {
    await queues.close();
    const redis = new IORedis(testRedisUrl());
    const keys = await redis.keys(`${env.QUEUE_PREFIX}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
    await drop();
  });

  const waitingIds = async (queue: string) =>
    ((await queues.waitingJobIds([queue])).get(queue) ?? []).sort();

  it('re-adds lost jobs and drops jobs of items no longer waiting, then has nothing to do', async () => {
    const [lost, kept, handedOut, phone] = await seedQueuedWork(dataSource, [
      { channel: 'social', priority: 3 },
      { channel: 'social', priority: 2 },
      { channel: 'social', priority: 3 },
      { channel: 'phone', priority: 1 },
    ]);
    await queues.enqueue([kept, handedOut]);
    // The hand-out committed in Postgres but its BullMQ removal never happened (Redis blip).
    await dataSource.query(`UPDATE work_items SET status = 'completed' WHERE id = $1`, [
      handedOut.id,
    ]);

    expect(await reconciler.reconcile()).toEqual({ added: 2, removed: 1 });
    expect(await waitingIds('default')).toEqual(
      [lost, kept, phone].map((i) => workItemJobId(i.id)).sort(),
    );
    const job = await queues.queue('default').getJob(workItemJobId(phone.id));
    expect(job?.priority).toBe(1);
    expect(job?.data).toEqual({
      workItemId: phone.id,
      caseId: phone.caseId,
      caseNumber: phone.caseNumber,
      channel: 'phone',
    });

    expect(await reconciler.reconcile()).toEqual({ added: 0, removed: 0 });
  });

  it('rebuilds a queue wiped from Redis entirely', async () => {
    await dataSource.query(`INSERT INTO queues (name, description) VALUES ('billing', 'Billing')`);
    const seeded = await seedQueuedWork(
      dataSource,
      Array.from({ length: 30 }, (_, i) => ({
        channel: i % 2 ? ('phone' as const) : ('social' as const),
        priority: 1 + (i % 4),
        queue: 'billing',
      })),
    );
    await queues.queue('billing').obliterate({ force: true });

    expect(await reconciler.reconcile()).toEqual({ added: 30, removed: 0 });
    expect(await waitingIds('billing')).toEqual(seeded.map((i) => workItemJobId(i.id)).sort());
  });
});
