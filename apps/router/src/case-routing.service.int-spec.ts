import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import IORedis from 'ioredis';
import type { CaseEvent } from '@scb/contracts';
import { DeadLetterPublisher, EventPublisher, type KafkaBatch } from '@scb/messaging';
import { RoutingConfigRepository, WorkItemRepository } from '@scb/persistence';
import { RoutingPolicyCache } from '@scb/platform';
import { freshDatabase, isolatedEnv, seedCase, testKafka, testRedisUrl } from '@scb/testing';
import { WorkQueueGateway } from '@scb/work-queues';
import { CaseRoutingService } from './case-routing.service';

describe('CaseRoutingService on the real Postgres and BullMQ', () => {
  const env = isolatedEnv('router');
  let dataSource: DataSource;
  let drop: () => Promise<void>;
  let queues: WorkQueueGateway;
  let routing: CaseRoutingService;
  let rules: RoutingConfigRepository;
  const publisher = new EventPublisher(testKafka('scb-router-int'));

  let offset = 0;
  const batch = (events: CaseEvent[]): KafkaBatch => ({
    topic: 'cases.events.v1',
    partition: 0,
    records: events.map((e) => ({
      key: e.caseId,
      value: Buffer.from(JSON.stringify(e)),
      offset: String((offset += 1)),
      timestamp: Date.now(),
      headers: {},
    })),
  });
  const event = (
    c: { caseId: string; caseNumber: string; customerId: string },
    overrides: Partial<CaseEvent> = {},
  ): CaseEvent => ({
    schemaVersion: 1,
    type: 'mentionLinked',
    eventId: randomUUID(),
    occurredAt: new Date().toISOString(),
    caseId: c.caseId,
    caseNumber: c.caseNumber,
    customerId: c.customerId,
    channel: 'social',
    priority: 3,
    category: null,
    interactionId: randomUUID(),
    platform: 'x',
    externalId: randomUUID(),
    ...overrides,
  });
  const item = async (caseId: string) => {
    const rows: Array<{
      id: string;
      priority: number;
      status: string;
      updates: number;
      queue_name: string;
      agent_id: string | null;
    }> = await dataSource.query(
      `SELECT id, priority, status, updates, queue_name, agent_id FROM work_items WHERE case_id = $1`,
      [caseId],
    );
    return rows;
  };

  beforeAll(async () => {
    ({ dataSource, drop } = await freshDatabase(env.DB_SCHEMA));
    queues = new WorkQueueGateway(testRedisUrl(), env.QUEUE_PREFIX);
    rules = new RoutingConfigRepository(dataSource);
    routing = new CaseRoutingService(
      new WorkItemRepository(dataSource),
      queues,
      new DeadLetterPublisher(publisher, 'unused', 'unused.dlq'),
      new RoutingPolicyCache(rules, 0),
    );
  });

  afterAll(async () => {
    await queues.close();
    await publisher.disconnect();
    const redis = new IORedis(testRedisUrl());
    const keys = await redis.keys(`${env.QUEUE_PREFIX}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
    await drop();
  });

  it('updates a waiting item in place, raising its priority in BullMQ, and ignores redelivery', async () => {
    const c = await seedCase(dataSource, { channel: 'social', priority: 3 });
    const opened = event(c, { type: 'caseOpened', priority: 3 });
    await routing.handle(batch([opened]));
    const [created] = await item(c.caseId);
    expect(created).toMatchObject({ status: 'queued', priority: 3, updates: 0 });

    const urgent = event(c, { priority: 1 });
    await routing.handle(batch([urgent, opened]));
    await routing.handle(batch([urgent]));
    const after = await item(c.caseId);
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ id: created.id, priority: 1, updates: 1 });
    const job = await queues.queue('default').getJob(`wi-${created.id}`);
    expect(job?.priority).toBe(1);
    expect((await queues.counts('default')).prioritized).toBe(1);
  });

  it('leaves an item an agent holds with that agent, counting the new message on it', async () => {
    const c = await seedCase(dataSource, { channel: 'social', priority: 3 });
    await routing.handle(batch([event(c, { type: 'caseOpened' })]));
    const [queued] = await item(c.caseId);
    const [{ id: agentId }]: Array<{ id: string }> = await dataSource.query(
      `INSERT INTO agents (name, presence) VALUES ('Holder', 'available') RETURNING id`,
    );
    await dataSource.query(
      `UPDATE work_items SET status = 'assigned', agent_id = $2 WHERE id = $1`,
      [queued.id, agentId],
    );
    await queues.remove([{ id: queued.id, queue: 'default' }]);

    await routing.handle(batch([event(c), event(c)]));
    expect(await item(c.caseId)).toEqual([
      expect.objectContaining({ id: queued.id, status: 'assigned', agent_id: agentId, updates: 2 }),
    ]);
    expect(await queues.queue('default').getJob(`wi-${queued.id}`)).toBeUndefined();
  });

  it('follows a routing rule added while running, for the next case', async () => {
    await dataSource.query(`INSERT INTO queues (name, description) VALUES ('billing', 'Billing')`);
    await rules.createRule({
      name: 'Billing',
      enabled: true,
      conditions: { categories: ['billing'] },
      targetQueue: 'billing',
      priorityAdjustment: -1,
      requiredSkills: ['payments'],
    });
    const c = await seedCase(dataSource, { channel: 'social', priority: 3 });
    await routing.handle(batch([event(c, { type: 'caseOpened', category: 'billing' })]));
    const [routed] = await item(c.caseId);
    expect(routed).toMatchObject({ queue_name: 'billing', priority: 2 });
    const [{ required_skills, routing_explanation }]: Array<{
      required_skills: string[];
      routing_explanation: string;
    }> = await dataSource.query(
      `SELECT required_skills, routing_explanation FROM work_items WHERE id = $1`,
      [routed.id],
    );
    expect(required_skills).toEqual(['payments']);
    expect(routing_explanation).toContain('rule "Billing"');
    expect((await queues.counts('billing')).prioritized).toBe(1);
  });
});
