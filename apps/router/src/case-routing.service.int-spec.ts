import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import IORedis from 'ioredis';
import type { CaseEventInput } from '@scb/contracts';
import { DeadLetterPublisher, EventPublisher, type KafkaBatch } from '@scb/messaging';
import { createHmac } from 'node:crypto';
import { systemClock } from '@scb/core';
import {
  Database,
  RoutingConfigRepository,
  SlaNotificationRepository,
  SlaRepository,
  WorkItemRepository,
  WorkQueueChangeRepository,
} from '@scb/persistence';
import { SlaPolicySchema } from '@scb/routing';
import {
  freshDatabase,
  isolatedEnv,
  seedCase,
  testKafka,
  testRedisUrl,
  waitFor,
  WebhookReceiverServer,
} from '@scb/testing';
import {
  RoutingPolicyCache,
  SlaClock,
  SlaNotificationDispatcher,
  SlaTimerQueue,
  SlaWebhookNotifier,
  WorkQueueGateway,
  WorkQueueProjector,
} from '@scb/work-queues';
import { CaseRoutingService } from './case-routing.service';
import { FireSlaStage } from './usecases/fire-sla-stage/fire-sla-stage.usecase';
import { RouteCaseEvents } from './usecases/route-case-events/route-case-events.usecase';

describe('CaseRoutingService on the real Postgres and BullMQ', () => {
  const env = isolatedEnv('router');
  let dataSource: DataSource;
  let drop: () => Promise<void>;
  let queues: WorkQueueGateway;
  let routing: CaseRoutingService;
  let projector: WorkQueueProjector;
  // The router projects to BullMQ in the background; the checks below read BullMQ once it has.
  const route = async (b: KafkaBatch) => {
    await routing.handle(b);
    await projector.settled();
  };
  let rules: RoutingConfigRepository;
  let timers: SlaTimerQueue;
  let clock: SlaClock;
  let fireSlaStage: FireSlaStage;
  const supervisors = new WebhookReceiverServer();
  let supervisorsUrl: string;
  const webhookSecret = 'test-webhook-secret-0123456789';
  const publisher = new EventPublisher(testKafka('scb-router-int'));

  let offset = 0;
  const batch = (events: CaseEventInput[]): KafkaBatch => ({
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
    overrides: Partial<CaseEventInput> = {},
  ): CaseEventInput => ({
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
    rules = new RoutingConfigRepository(new Database(dataSource));
    const policy = new RoutingPolicyCache(rules, 0);
    timers = new SlaTimerQueue(testRedisUrl(), env.QUEUE_PREFIX);
    supervisorsUrl = `${await supervisors.start()}/hooks/sla`;
    const db = new Database(dataSource);
    projector = new WorkQueueProjector(db, new WorkQueueChangeRepository(db), queues);
    clock = new SlaClock(new SlaRepository(db), timers, policy);
    fireSlaStage = new FireSlaStage(
      db,
      new SlaRepository(db),
      policy,
      projector,
      clock,
      new SlaNotificationDispatcher(
        new SlaNotificationRepository(db),
        new SlaWebhookNotifier({
          secret: webhookSecret,
          // Not what is tested: an answer slower than this on a loaded machine would be sent
          // again and show up as a second delivery.
          timeoutMs: 10_000,
          // The receiver is local: only the allow-list lets a webhook reach a loopback address.
          allowedHosts: ['127.0.0.1'],
        }),
      ),
    );
    routing = new CaseRoutingService(
      new RouteCaseEvents(db, new WorkItemRepository(db), policy, projector, clock, systemClock),
      new DeadLetterPublisher(publisher, 'unused', 'unused.dlq'),
    );
  });

  afterAll(async () => {
    await supervisors.stop();
    await timers.close();
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
    await route(batch([opened]));
    const [created] = await item(c.caseId);
    expect(created).toMatchObject({ status: 'queued', priority: 3, updates: 0 });

    const urgent = event(c, { priority: 1 });
    await route(batch([urgent, opened]));
    await route(batch([urgent]));
    const after = await item(c.caseId);
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ id: created.id, priority: 1, updates: 1 });
    const job = await queues.queue('default').getJob(`wi-${created.id}`);
    expect(job?.priority).toBe(1);
    expect((await queues.counts('default')).prioritized).toBe(1);
  });

  it('leaves an item an agent holds with that agent, counting the new message on it', async () => {
    const c = await seedCase(dataSource, { channel: 'social', priority: 3 });
    await route(batch([event(c, { type: 'caseOpened' })]));
    const [queued] = await item(c.caseId);
    const [{ id: agentId }]: Array<{ id: string }> = await dataSource.query(
      `INSERT INTO agents (name, presence) VALUES ('Holder', 'available') RETURNING id`,
    );
    await dataSource.query(
      `UPDATE work_items SET status = 'assigned', agent_id = $2 WHERE id = $1`,
      [queued.id, agentId],
    );
    await queues.remove([{ id: queued.id, queue: 'default' }]);

    await route(batch([event(c), event(c)]));
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
    await route(batch([event(c, { type: 'caseOpened', category: 'billing' })]));
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

  it('routes on what the matcher learned (tags, sentiment, language) and the customer tier', async () => {
    await dataSource.query(
      `INSERT INTO queues (name, description) VALUES ('retention', 'Retention desk')`,
    );
    await rules.createRule({
      name: 'Unhappy gold customers about cancelling',
      enabled: true,
      position: 0,
      conditions: {
        tiers: ['gold'],
        tagsAny: ['churn-risk'],
        sentimentAtMost: -2,
        languages: ['en'],
      },
      targetQueue: 'retention',
      priorityAdjustment: -2,
      requiredSkills: [],
    });
    const gold = await seedCase(dataSource, { channel: 'social', priority: 3 });
    await dataSource.query(`UPDATE customers SET tier = 'gold' WHERE id = $1`, [gold.customerId]);
    const standard = await seedCase(dataSource, { channel: 'social', priority: 3 });
    const facts = { tags: ['churn-risk'], sentiment: -4, language: 'en' };
    await route(
      batch([
        event(gold, { type: 'caseOpened', ...facts }),
        event(standard, { type: 'caseOpened', ...facts }),
      ]),
    );
    expect((await item(gold.caseId))[0]).toMatchObject({ queue_name: 'retention', priority: 1 });
    expect((await item(standard.caseId))[0]).toMatchObject({ queue_name: 'default', priority: 3 });
    await rules.deleteRule(
      (await rules.listRules()).find((r) => r.targetQueue === 'retention')!.id,
    );
  });

  it('fires at-risk then breached on a short SLA, escalates the waiting item and tells supervisors, once', async () => {
    await dataSource.query(
      `INSERT INTO queues (name, description) VALUES ('escalations', 'Escalations')`,
    );
    await rules.upsertQueue({
      name: 'urgent-desk',
      description: 'short SLA for the test',
      skills: [],
      channels: ['social', 'phone'],
      slaPolicy: SlaPolicySchema.parse({
        targets: { '4': { firstResponseSeconds: 2, resolutionSeconds: 600 } },
        atRiskPercent: 50,
        escalation: { toQueue: 'escalations', notify: ['social-supervisors', supervisorsUrl] },
      }),
    });
    await rules.createRule({
      name: 'Low priority to the desk',
      enabled: true,
      conditions: { priorities: [4] },
      targetQueue: 'urgent-desk',
      priorityAdjustment: 0,
      requiredSkills: [],
    });
    const c = await seedCase(dataSource, { channel: 'social', priority: 4 });
    const opened = event(c, { type: 'caseOpened', priority: 4 });
    await route(batch([opened]));
    const [created] = await item(c.caseId);
    expect(created).toMatchObject({ queue_name: 'urgent-desk', priority: 4 });
    // One timer per item: its earliest stage, carrying the later ones.
    expect(await timers.pending(created.id)).toEqual(['firstResponse.atRisk']);
    // Scheduling again (a redelivered event) keeps one set of timers.
    await clock.start([created.id]);
    expect(await timers.pending(created.id)).toEqual(['firstResponse.atRisk']);

    // The supervisors' endpoint is down at first: the breach is recorded, the alert retried.
    supervisors.failNext(503);
    timers.startWorker((timer) => fireSlaStage.execute(timer));
    const events = () =>
      dataSource.query<Array<{ kind: string; stage: string; escalation: unknown }>>(
        `SELECT kind, stage, escalation FROM sla_events WHERE work_item_id = $1 ORDER BY id`,
        [created.id],
      ) as Promise<Array<{ kind: string; stage: string; escalation: unknown }>>;
    await waitFor(async () => (await events()).length === 2, {
      timeoutMs: 60_000,
      what: 'two SLA events',
    });
    expect(await events()).toEqual([
      { kind: 'firstResponse', stage: 'atRisk', escalation: null },
      {
        kind: 'firstResponse',
        stage: 'breached',
        escalation: {
          priority: [4, 3],
          queue: ['urgent-desk', 'escalations'],
          notify: ['social-supervisors', supervisorsUrl],
        },
      },
    ]);
    await waitFor(async () => supervisors.received.some((r) => r.status === 200), {
      timeoutMs: 60_000,
      what: 'the supervisor webhook delivered after a retry',
    });
    expect(supervisors.received.map((r) => r.status)).toEqual([503, 200]);
    const alert = supervisors.received[1];
    expect(alert.path).toBe('/hooks/sla');
    expect(alert.headers['x-scb-signature-256']).toBe(
      `sha256=${createHmac('sha256', webhookSecret).update(alert.rawBody).digest('hex')}`,
    );
    expect(alert.body).toMatchObject({
      type: 'sla.breached',
      kind: 'firstResponse',
      caseNumber: c.caseNumber,
      workItemId: created.id,
      queue: 'urgent-desk',
      escalation: { priority: [4, 3], queue: ['urgent-desk', 'escalations'] },
      text: expect.stringContaining(
        `SLA breached: first response for case ${c.caseNumber} in queue urgent-desk`,
      ),
    });
    const slaEvents = new SlaRepository(new Database(dataSource));
    const page = { limit: 10, offset: 0 };
    const [breach, ...others] = await slaEvents.recentEvents({
      ...page,
      queue: 'urgent-desk',
      stage: 'breached',
    });
    expect(others).toEqual([]);
    expect(breach).toMatchObject({ workItemId: created.id, kind: 'firstResponse' });
    expect(
      (await slaEvents.recentEvents({ ...page, stage: 'atRisk' })).map((e) => e.stage),
    ).toEqual(['atRisk']);
    expect(await slaEvents.recentEvents({ ...page, queue: 'escalations' })).toEqual([]);
    expect(
      await slaEvents.recentEvents({ ...page, from: new Date(Date.now() + 60_000).toISOString() }),
    ).toEqual([]);
    expect(breach.notifications).toEqual([
      expect.objectContaining({
        target: 'social-supervisors',
        channel: 'in-app',
        status: 'in-app',
      }),
      expect.objectContaining({
        target: supervisorsUrl.replace('/hooks/sla', '/…'),
        channel: 'webhook',
        status: 'sent',
        attempts: 2,
        lastError: null,
      }),
    ]);
    expect(await item(c.caseId)).toEqual([
      expect.objectContaining({
        id: created.id,
        queue_name: 'escalations',
        priority: 3,
        status: 'queued',
      }),
    ]);
    expect(await queues.queue('urgent-desk').getJob(`wi-${created.id}`)).toBeUndefined();
    expect((await queues.queue('escalations').getJob(`wi-${created.id}`))?.priority).toBe(3);
    // Each stage armed the next: what is left is the resolution clock's at-risk stage (300 s).
    expect(await timers.pending(created.id)).toEqual(['resolution.atRisk']);

    // A timer delivered again changes nothing.
    await fireSlaStage.execute({
      workItemId: created.id,
      kind: 'firstResponse',
      stage: 'breached',
      dueAt: new Date().toISOString(),
    });
    expect(await events()).toHaveLength(2);
    expect((await item(c.caseId))[0]).toMatchObject({ priority: 3 });
    expect(supervisors.received).toHaveLength(2);
  }, 180_000);
});
