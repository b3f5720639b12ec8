import type { INestApplication } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { workItemJobId } from '@scb/routing';
import { SlaTimerQueue, WorkQueueGateway, WorkQueueProjector } from '@scb/work-queues';
import {
  appUrl,
  authedClient,
  createTestApp,
  isolatedEnv,
  seedApiKey,
  seedQueuedWork,
  type ApiCall,
  type PhoneWork,
  waitFor,
} from '@scb/testing';
import type { CallView } from '@scb/persistence';
import { LiveFeedService } from '../console/live-feed.service';

interface Item {
  id: string;
  channel: string;
  updates: number;
  sla: { firstRespondedAt: string | null };
}

describe('phone parity on real Postgres, Redis and BullMQ', () => {
  const env = isolatedEnv('phoneparity');
  let app: INestApplication;
  let dataSource: DataSource;
  let close: () => Promise<void>;
  let call: ApiCall;
  let calls = 0;
  const phoneCall = async (body: Record<string, unknown>) => {
    calls += 1;
    const opened = await call<PhoneWork>('POST', '/v1/work-items', {
      channel: 'phone',
      callId: `parity-call-${calls}`,
      ...body,
    });
    expect(opened.status).toBe(201);
    return opened.body;
  };
  const newAgent = async (name: string, queues = ['default']) => {
    const created = await call<{ id: string }>('POST', '/v1/agents', { name, queues });
    expect(created.status).toBe(201);
    await call('PUT', `/v1/agents/${created.body.id}/presence`, { presence: 'available' });
    return created.body.id;
  };
  const clearQueues = async () => {
    await dataSource.query(
      `UPDATE work_items SET status = 'completed' WHERE status <> 'completed'`,
    );
    for (const name of ['default', 'vip'])
      await app.get(WorkQueueGateway).queue(name).obliterate({ force: true });
  };

  beforeAll(async () => {
    ({ app, dataSource, close } = await createTestApp('api', { ...env, LIVE_POLL_MS: '100' }));
    call = authedClient(await appUrl(app), await seedApiKey(dataSource, 'admin'));
  });

  afterAll(() => close());

  it("waits from the call's arrival: at equal priority the longer-waiting item is served first, phone or social", async () => {
    await clearQueues();
    const [social] = await seedQueuedWork(dataSource, [
      { channel: 'social', priority: 3, queuedSecondsAgo: 60 },
    ]);
    const arrivedAt = new Date(Date.now() - 120_000);
    const early = await phoneCall({ callerNumber: '+1 312 555 0101', arrivedAt });
    expect(new Date(early.workItem.queuedAt!).getTime()).toBe(arrivedAt.getTime());
    const late = await phoneCall({ callerNumber: '+1 312 555 0102' });
    expect(new Date(late.workItem.queuedAt!).getTime()).toBeGreaterThan(Date.now() - 60_000);
    // The BullMQ job of the call is as old as the call.
    const job = await app
      .get(WorkQueueGateway)
      .queue('default')
      .getJob(workItemJobId(early.workItem.id));
    expect(job?.timestamp).toBe(arrivedAt.getTime());

    const agent = await newAgent('Orderly');
    const served: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const next = await call<Item>('POST', `/v1/agents/${agent}/next`);
      expect(next.status).toBe(200);
      served.push(next.body.id);
      await call('POST', `/v1/work-items/${next.body.id}/complete`, {
        agentId: agent,
        resolutionCode: 'done',
      });
    }
    expect(served).toEqual([early.workItem.id, social.id, late.workItem.id]);
  });

  it("routes a call by the caller's tier and by the language and tags the IVR gives, like a post", async () => {
    await clearQueues();
    expect(
      (await call('PUT', '/v1/admin/queues/vip', { channels: ['phone', 'social'] })).status,
    ).toBe(200);
    const rules = [
      { name: 'Gold', conditions: { tiers: ['gold'] }, targetQueue: 'vip', priorityAdjustment: -1 },
      { name: 'Spanish', conditions: { languages: ['es'] }, targetQueue: 'vip' },
      { name: 'Churn', conditions: { tagsAny: ['churn-risk'] }, targetQueue: 'vip' },
      { name: 'Angry', conditions: { sentimentAtMost: 0 }, targetQueue: 'vip' },
    ];
    const ruleIds: string[] = [];
    for (const rule of rules) {
      const created = await call<{ id: string }>('POST', '/v1/admin/routing-rules', rule);
      expect(created.status).toBe(201);
      ruleIds.push(created.body.id);
    }
    const first = await phoneCall({ callerNumber: '+1 312 555 0201' });
    // No tier, language, tags; the sentiment rule never takes a call.
    expect(first.workItem.queue).toBe('default');
    await dataSource.query(`UPDATE customers SET tier = 'gold' WHERE id = $1`, [first.customer.id]);
    await clearQueues();
    await dataSource.query(`UPDATE cases SET status = 'resolved' WHERE id = $1`, [first.case.id]);
    const gold = await phoneCall({ callerNumber: '+1 312 555 0201' });
    expect(gold).toMatchObject({
      customer: { id: first.customer.id, known: true },
      workItem: { queue: 'vip', priority: 2 },
    });
    expect(
      (await phoneCall({ callerNumber: '+1 312 555 0202', language: 'es' })).workItem.queue,
    ).toBe('vip');
    expect(
      (await phoneCall({ callerNumber: '+1 312 555 0203', tags: ['churn-risk'] })).workItem.queue,
    ).toBe('vip');
    for (const id of ruleIds) await call('DELETE', `/v1/admin/routing-rules/${id}`);
  });

  it('records the first response when the agent accepts a call and stops its first-response clock', async () => {
    await clearQueues();
    expect(
      (
        await call('PUT', '/v1/admin/queues/default', {
          slaPolicy: { targets: { '3': { firstResponseSeconds: 600, resolutionSeconds: 3600 } } },
        })
      ).status,
    ).toBe(200);
    const opened = await phoneCall({ callerNumber: '+1 312 555 0301' });
    const timers = app.get(SlaTimerQueue);
    expect(await timers.pending(opened.workItem.id)).toEqual(['firstResponse.atRisk']);
    const agent = await newAgent('Answering');
    expect((await call<Item>('POST', `/v1/agents/${agent}/next`)).body.id).toBe(opened.workItem.id);
    const accepted = await call<Item>('POST', `/v1/work-items/${opened.workItem.id}/accept`, {
      agentId: agent,
    });
    expect(accepted.status).toBe(200);
    expect(accepted.body.sla.firstRespondedAt).not.toBeNull();
    expect(await timers.pending(opened.workItem.id)).toEqual(['resolution.atRisk']);
    await call('POST', `/v1/work-items/${opened.workItem.id}/complete`, {
      agentId: agent,
      resolutionCode: 'answered',
    });
  });

  it('answers a second call on a held case with the holder and counts it as an update on her item', async () => {
    await clearQueues();
    const first = await phoneCall({ callerNumber: '+1 312 555 0401' });
    const agent = await newAgent('Holly Holder');
    expect((await call<Item>('POST', `/v1/agents/${agent}/next`)).body.id).toBe(first.workItem.id);
    await app.get(WorkQueueProjector).settled();
    const live: CallView[] = [];
    const feed = app.get(LiveFeedService);
    const unsubscribe = feed.subscribe((e) => {
      if (e.type === 'call') live.push(e.data);
    });
    await feed.ready();

    const second = await phoneCall({ callerNumber: '+1 312 555 0401', priority: 1 });
    expect(second).toMatchObject({
      holder: { agentId: agent, name: 'Holly Holder' },
      workItem: { id: first.workItem.id, status: 'assigned', agentId: agent, updates: 1 },
      case: { id: first.case.id, reused: true },
      replayed: false,
    });
    // A retry of the same call is not a second update.
    const retry = await call<PhoneWork>('POST', '/v1/work-items', {
      channel: 'phone',
      callId: `parity-call-${calls}`,
      callerNumber: '+1 312 555 0401',
    });
    expect(retry.body).toMatchObject({ replayed: true, workItem: { updates: 1 } });
    const held = await call<{ items: Item[] }>('GET', `/v1/agents/${agent}/work`);
    expect(held.body.items).toEqual([
      expect.objectContaining({ id: first.workItem.id, updates: 1 }),
    ]);
    // Her desk hears of it on the live feed, as it hears of a post on her case.
    const event = await waitFor(async () => live.find((c) => c.caseId === first.case.id), {
      what: 'the call on the live feed',
    });
    expect(event?.workItem).toMatchObject({ id: first.workItem.id, agentId: agent, updates: 1 });
    unsubscribe();
    const [{ n }]: Array<{ n: number }> = await dataSource.query(
      `SELECT count(*)::int AS n FROM work_items WHERE case_id = $1`,
      [first.case.id],
    );
    expect(n).toBe(1);
    // A call to a waiting item names no one.
    expect((await phoneCall({ callerNumber: '+1 312 555 0402' })).holder).toBeNull();
  });

  it('refuses an arrival in the future or not a date, naming arrivedAt', async () => {
    for (const arrivedAt of [new Date(Date.now() + 3_600_000).toISOString(), 'yesterday']) {
      const refused = await call<{ errors: Array<{ path: string }> }>('POST', '/v1/work-items', {
        channel: 'phone',
        callerNumber: '+1 312 555 0501',
        callId: `refused-${arrivedAt}`,
        arrivedAt,
      });
      expect(refused).toMatchObject({ status: 400, body: { errors: [{ path: 'arrivedAt' }] } });
    }
  });
});
