import type { DataSource } from 'typeorm';
import {
  createDataSource,
  Database,
  WorkQueueChangeRepository,
  type WorkQueueChange,
} from '@scb/persistence';
import { workItemJobId } from '@scb/routing';
import {
  clearQueueKeys,
  freshDatabase,
  isolatedEnv,
  seedQueuedWork,
  testDatabaseUrl,
  testRedisUrl,
} from '@scb/testing';
import { WorkQueueGateway } from './work-queue.gateway';
import { WorkQueueProjector } from './work-queue.projector';

/** One service instance's projection: its own pool, Redis connection and projector. */
interface Instance {
  dataSource: DataSource;
  db: Database;
  queues: WorkQueueGateway;
  projector: WorkQueueProjector;
}

const QUEUES = ['default', 'vip'] as const;

describe('two WorkQueueProjectors applying changes of the same work items at once (real Postgres and BullMQ)', () => {
  const env = isolatedEnv('projectors');
  let drop: () => Promise<void>;
  let seedSource: DataSource;
  const instances: Instance[] = [];
  /** Change rows as they were written, and as the projectors claimed them (both instances). */
  const recorded: string[] = [];
  const claimed: string[] = [];

  beforeAll(async () => {
    ({ dataSource: seedSource, drop } = await freshDatabase(env.DB_SCHEMA));
    await seedSource.query(`INSERT INTO queues (name, description) VALUES ('vip', 'VIP')`);
    for (const name of ['a', 'b']) {
      const dataSource = await createDataSource({
        url: testDatabaseUrl(),
        schema: env.DB_SCHEMA,
        poolSize: 4,
        applicationName: `scb-test-projector-${name}`,
      }).initialize();
      const db = new Database(dataSource);
      const repository = new WorkQueueChangeRepository(db);
      // The real repository, watched: which change rows were written and which each claim took.
      const changes = {
        record: async (rows: WorkQueueChange[]) => {
          const ids = await repository.record(rows);
          recorded.push(...ids);
          return ids;
        },
        claim: async (options: { ids?: string[]; limit: number }) => {
          const rows = await repository.claim(options);
          claimed.push(...rows.map((r) => r.id));
          return rows;
        },
        lockItems: (ids: string[]) => repository.lockItems(ids),
        states: (ids: string[]) => repository.states(ids),
        markQueued: (ids: string[]) => repository.markQueued(ids),
      };
      const queues = new WorkQueueGateway(testRedisUrl(), env.QUEUE_PREFIX);
      // A small batch, so the two drains interleave over many claims.
      instances.push({
        dataSource,
        db,
        queues,
        projector: new WorkQueueProjector(db, changes, queues, 5),
      });
    }
  });

  afterAll(async () => {
    for (const { queues, dataSource } of instances) {
      await queues.close();
      await dataSource.destroy();
    }
    await clearQueueKeys(env.QUEUE_PREFIX);
    await drop();
  });

  /**
   * One state change of an item by `instance`, the way a use case makes it: the item's row
   * locked, its queue before the change recorded with the change, in one unit of work.
   */
  const change = (instance: Instance, id: string, step: number, project: boolean) =>
    instance.db.run(async () => {
      const [{ queue_name: fromQueue }] = await instance.db.rows<{ queue_name: string }>(
        `SELECT queue_name FROM work_items WHERE id = $1 FOR UPDATE`,
        [id],
      );
      const update = [
        `UPDATE work_items SET priority = 1 + (priority % 4) WHERE id = $1`,
        `UPDATE work_items SET queue_name = CASE queue_name WHEN 'vip' THEN 'default' ELSE 'vip' END WHERE id = $1`,
        `UPDATE work_items SET status = CASE status WHEN 'queued' THEN 'assigned' ELSE 'queued' END WHERE id = $1`,
      ][step % 3];
      await instance.db.execute(update, [id]);
      const row: WorkQueueChange = { workItemId: id, fromQueue };
      if (project) await instance.projector.record([row]);
      else await new WorkQueueChangeRepository(instance.db).record([row]);
    });

  /** BullMQ shows Postgres: a queued item has one job, in its queue, at its priority; others none. */
  async function expectBullMqFollowsPostgres(ids: string[]): Promise<void> {
    const items: Array<{ id: string; queue_name: string; priority: number; status: string }> =
      await seedSource.query(
        `SELECT id, queue_name, priority, status FROM work_items WHERE id = ANY($1::uuid[])`,
        [ids],
      );
    const queues = instances[0].queues;
    const actual = await Promise.all(
      items.map(async (item) => ({
        id: item.id,
        jobs: (
          await Promise.all(
            QUEUES.map(async (queue) => {
              const job = await queues.queue(queue).getJob(workItemJobId(item.id));
              return job ? [{ queue, priority: job.priority }] : [];
            }),
          )
        ).flat(),
      })),
    );
    const expected = items.map((item) => ({
      id: item.id,
      jobs: item.status === 'queued' ? [{ queue: item.queue_name, priority: item.priority }] : [],
    }));
    expect(actual).toEqual(expected);
  }

  it('projects concurrent changes of the same items from both instances right after their commits', async () => {
    const items = await seedQueuedWork(
      seedSource,
      Array.from({ length: 8 }, (_, i) => ({ channel: 'social' as const, priority: 1 + (i % 4) })),
    );
    await instances[0].db.run(() =>
      instances[0].projector.record(
        items.map((item) => ({ workItemId: item.id, fromQueue: null })),
      ),
    );
    recorded.length = 0;
    claimed.length = 0;
    const steps = 7;
    // Every change of every item at once, alternating between the instances.
    await Promise.all(
      items.flatMap((item) =>
        Array.from({ length: steps }, (_, step) =>
          change(instances[step % 2], item.id, step, true),
        ),
      ),
    );
    await Promise.all(instances.map((i) => i.projector.settled()));

    expect(recorded).toHaveLength(items.length * steps);
    expect([...claimed].sort()).toEqual([...recorded].sort());
    expect(await new WorkQueueChangeRepository(instances[0].db).pendingCount()).toBe(0);
    await expectBullMqFollowsPostgres(items.map((item) => item.id));
  }, 60_000);

  it('drains the same backlog from both instances at once: each change applied by one of them', async () => {
    const items = await seedQueuedWork(
      seedSource,
      Array.from({ length: 6 }, (_, i) => ({ channel: 'phone' as const, priority: 1 + (i % 4) })),
    );
    await instances[1].db.run(() =>
      instances[1].projector.record(
        items.map((item) => ({ workItemId: item.id, fromQueue: null })),
      ),
    );
    // A backlog (changes written but not yet projected: a Redis outage), several per item.
    for (let step = 0; step < 5; step += 1)
      await Promise.all(items.map((item) => change(instances[step % 2], item.id, step, false)));
    const backlog = await new WorkQueueChangeRepository(instances[0].db).pendingCount();
    expect(backlog).toBe(items.length * 5);
    claimed.length = 0;

    const applied = await Promise.all(instances.map((i) => i.projector.drain()));

    expect(applied[0] + applied[1]).toBe(backlog);
    expect(claimed).toHaveLength(backlog);
    expect(new Set(claimed).size).toBe(backlog);
    expect(await new WorkQueueChangeRepository(instances[0].db).pendingCount()).toBe(0);
    await expectBullMqFollowsPostgres(items.map((item) => item.id));
  }, 60_000);
});
