import IORedis from 'ioredis';
import type { DataSource } from 'typeorm';
import { Database, RoutingConfigRepository, SlaRepository } from '@scb/persistence';
import { SlaPolicySchema } from '@scb/routing';
import { freshDatabase, isolatedEnv, seedQueuedWork, testRedisUrl } from '@scb/testing';
import { RoutingPolicyCache } from './routing-policy.cache';
import { SlaClock } from './sla-clock';
import { SlaTimerQueue } from './sla-timer.queue';

describe('SlaClock on the real Postgres and BullMQ', () => {
  const env = isolatedEnv('slaclock');
  let dataSource: DataSource;
  let drop: () => Promise<void>;
  let timers: SlaTimerQueue;
  let clock: SlaClock;

  beforeAll(async () => {
    ({ dataSource, drop } = await freshDatabase(env.DB_SCHEMA));
    const db = new Database(dataSource);
    const rules = new RoutingConfigRepository(db);
    await rules.upsertQueue({
      name: 'timed',
      description: 'a queue with an SLA target',
      skills: [],
      channels: ['social', 'phone'],
      slaPolicy: SlaPolicySchema.parse({
        targets: { '2': { firstResponseSeconds: 600, resolutionSeconds: 7_200 } },
      }),
    });
    timers = new SlaTimerQueue(testRedisUrl(), env.QUEUE_PREFIX);
    clock = new SlaClock(new SlaRepository(db), timers, new RoutingPolicyCache(rules, 0));
  });

  afterAll(async () => {
    await timers.close();
    const redis = new IORedis(testRedisUrl());
    const keys = await redis.keys(`${env.QUEUE_PREFIX}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
    await drop();
  });

  const dueTimes = async (id: string) => {
    const [row]: Array<{ waited_from: Date; first: Date; resolution: Date }> =
      await dataSource.query(
        `SELECT least(queued_at, created_at) AS waited_from, first_response_due_at AS first,
                resolution_due_at AS resolution
           FROM work_items WHERE id = $1`,
        [id],
      );
    return row;
  };

  it("counts a call's clock from its arrival, before the item was created, and sets it once", async () => {
    // The call waited 5 minutes at the phone system before its work item was written.
    const [call] = await seedQueuedWork(dataSource, [
      { channel: 'phone', priority: 2, queue: 'timed', queuedSecondsAgo: 300 },
    ]);
    await clock.start([call.id]);
    const row = await dueTimes(call.id);
    expect(row.first.getTime() - row.waited_from.getTime()).toBe(600_000);
    expect(row.resolution.getTime() - row.waited_from.getTime()).toBe(7_200_000);
    // First response due 5 minutes from now, not 10.
    expect(row.first.getTime()).toBeLessThan(Date.now() + 400_000);
    // One timer job for the item: its earliest stage (at risk at 80%, 3 minutes from now).
    expect(await timers.pending(call.id)).toEqual(['firstResponse.atRisk']);

    // Started again (a retried request): the clock is already set and stays.
    await clock.start([call.id]);
    expect(await dueTimes(call.id)).toEqual(row);
    expect(await timers.pending(call.id)).toEqual(['firstResponse.atRisk']);
  });

  it('re-arms the resolution clock when the first response stops its own, and stops both', async () => {
    const [call, chat] = await seedQueuedWork(dataSource, [
      { channel: 'phone', priority: 2, queue: 'timed' },
      { channel: 'social', priority: 2, queue: 'timed' },
    ]);
    await clock.start([call.id, chat.id]);
    const { resolution } = await dueTimes(call.id);

    // Answered: its timer goes and the resolution clock's next stage (at risk, 80%) takes over.
    await clock.stop(call.id, ['firstResponse']);
    expect(await timers.pending(call.id)).toEqual(['resolution.atRisk']);
    const [atRisk] = await timers.delayed(call.id, ['resolution']);
    expect(atRisk).toMatchObject({ kind: 'resolution', stage: 'atRisk' });
    expect(Date.parse(atRisk.dueAt)).toBe(resolution.getTime() - 1_440_000);
    // It still carries the breach, and nothing of the stopped clock.
    expect(atRisk.next).toEqual([
      { kind: 'resolution', stage: 'breached', dueAt: resolution.toISOString() },
    ]);
    // Stopped again (a retried request): the resolution timer is not touched.
    await clock.stop(call.id, ['firstResponse']);
    expect(await timers.pending(call.id)).toEqual(['resolution.atRisk']);

    // Completed: no timer is left, whichever stage was pending.
    await clock.stop(call.id, ['firstResponse', 'resolution']);
    await clock.stop(chat.id, ['firstResponse', 'resolution']);
    expect(await timers.pending(call.id)).toEqual([]);
    expect(await timers.pending(chat.id)).toEqual([]);
  });
});
