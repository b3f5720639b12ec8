import { randomUUID } from 'node:crypto';
import IORedis from 'ioredis';
import { isolatedEnv, testRedisUrl } from '@scb/testing';
import { WorkQueueGateway, type QueueableWorkItem } from './work-queue.gateway';

describe('WorkQueueGateway (real Redis + BullMQ)', () => {
  const prefix = isolatedEnv('wq').QUEUE_PREFIX;
  const gateway = new WorkQueueGateway(testRedisUrl(), prefix);
  const item = (priority: number, channel = 'social'): QueueableWorkItem => ({
    id: randomUUID(),
    caseId: randomUUID(),
    caseNumber: 'CS-000001',
    queue: 'default',
    channel,
    priority,
  });

  afterAll(async () => {
    await gateway.queue('default').obliterate({ force: true });
    await gateway.close();
    const redis = new IORedis(testRedisUrl());
    expect(await redis.keys(`${prefix}:*`)).toEqual([]);
    await redis.quit();
  });

  it('queues a work item once however often it is enqueued', async () => {
    const once = item(3);
    await gateway.enqueue([once]);
    await gateway.enqueue([once]);
    await gateway.enqueue([once, once]);
    const jobs = await gateway.queue('default').getJobs(['prioritized', 'waiting']);
    expect(jobs.filter((j) => j.data.workItemId === once.id)).toHaveLength(1);
  });

  it('hands out phone and social work by priority, oldest first within a priority', async () => {
    const queue = gateway.queue('default');
    await queue.obliterate({ force: true });
    const low = item(4, 'phone');
    const urgentSocial = item(1, 'social');
    const urgentPhone = item(1, 'phone');
    await gateway.enqueue([low, urgentSocial]);
    await gateway.enqueue([urgentPhone]);

    const order = (await queue.getJobs(['prioritized', 'waiting'], 0, -1, true)).map(
      (j) => j.data.workItemId,
    );
    expect(order).toEqual([urgentSocial.id, urgentPhone.id, low.id]);
    expect(await gateway.counts('default')).toMatchObject({ prioritized: 3 });
  });
});
