import type { INestApplication } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { SlaTimerQueue, WorkQueueGateway, WorkQueueProjector } from '@scb/work-queues';
import {
  appUrl,
  authedClient,
  countRows,
  isolatedEnv,
  seedApiKey,
  seedQueuedWork,
  type ApiCall,
  waitFor,
  createTestApp,
} from '@scb/testing';
import { ReturnAbandonedWork } from './agent-work/usecases/return-abandoned-work/return-abandoned-work.usecase';

interface Item {
  id: string;
  caseNumber: string;
  channel: string;
  priority: number;
  queue: string;
  agentId: string;
}

describe('agents and shared queues through the api (real Postgres and Redis)', () => {
  const env = isolatedEnv('agents');
  let app: INestApplication;
  let dataSource: DataSource;
  let close: () => Promise<void>;
  // Admin may act for any agent: these tests are about sharing work, auth-test covers the roles.
  let call: ApiCall;
  const newAgent = async (overrides: Record<string, unknown> = {}) => {
    const created = await call<{ id: string }>('POST', '/v1/agents', {
      name: 'Agent',
      ...overrides,
    });
    expect(created.status).toBe(201);
    await call('PUT', `/v1/agents/${created.body.id}/presence`, { presence: 'available' });
    return created.body.id;
  };
  const queueWaiting = async (name = 'default') => {
    const counts = await app.get(WorkQueueGateway).counts(name);
    return counts.waiting + counts.prioritized;
  };
  const seed = async (...args: Parameters<typeof seedQueuedWork>[1]) => {
    const items = await seedQueuedWork(dataSource, args);
    await app.get(WorkQueueGateway).enqueue(items);
    return items;
  };
  /** Resolves once `n` sweeps of the abandoned-work sweeper have finished from now. */
  const sweepsCompleted = async (n: number) => {
    const sweeper = app.get(ReturnAbandonedWork);
    const execute = sweeper.execute.bind(sweeper);
    let done = 0;
    const spy = jest.spyOn(sweeper, 'execute').mockImplementation(async () => {
      const returned = await execute();
      done += 1;
      return returned;
    });
    try {
      await waitFor(async () => done >= n, { what: `${n} sweeps` });
    } finally {
      spy.mockRestore();
    }
  };
  const clearQueue = async () => {
    await dataSource.query(
      `UPDATE work_items SET status = 'completed' WHERE status <> 'completed'`,
    );
    await app.get(WorkQueueGateway).queue('default').obliterate({ force: true });
  };

  beforeAll(async () => {
    const testApp = await createTestApp('api', {
      ...env,
      AGENT_SWEEP_INTERVAL_MS: '200',
      // Longer than a 200-request burst can take on a loaded CI machine (the sweeper would rightly
      // take back hand-outs older than the timeout); the sweeper test backdates by a minute.
      AGENT_HEARTBEAT_TIMEOUT_S: '30',
    });
    ({ app, dataSource, close } = testApp);
    call = authedClient(await appUrl(app), await seedApiKey(dataSource, 'admin'));
  });

  afterAll(() => close());

  it('hands every item to exactly one of 50 agents pulling at once, within their capacity', async () => {
    await clearQueue();
    const items = await seed(
      ...Array.from({ length: 120 }, (_, i) => ({
        channel: i % 3 === 0 ? ('phone' as const) : ('social' as const),
        priority: 1 + (i % 5),
        queuedSecondsAgo: 1000 - i,
      })),
    );
    const agents = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        newAgent({ name: `Agent ${i}`, capacity: { phone: 1, social: 2 } }),
      ),
    );
    // Every agent asks four times, all at once: 200 requests for 120 items and 150 places.
    const results = await Promise.all(
      agents.flatMap((id) =>
        Array.from({ length: 4 }, () => call<Item | null>('POST', `/v1/agents/${id}/next`)),
      ),
    );
    const handed = results.filter((r) => r.status === 200).map((r) => r.body!);
    expect(results.every((r) => [200, 204, 409].includes(r.status))).toBe(true);
    const ids = handed.map((h) => h.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(handed.every((h) => items.some((i) => i.id === h.id))).toBe(true);
    const perAgent = new Map<string, Item[]>();
    for (const h of handed) perAgent.set(h.agentId, [...(perAgent.get(h.agentId) ?? []), h]);
    for (const held of perAgent.values()) {
      expect(held.filter((h) => h.channel === 'phone').length).toBeLessThanOrEqual(1);
      expect(held.filter((h) => h.channel === 'social').length).toBeLessThanOrEqual(2);
    }
    // 40 phone items for 50 phone places, 80 social items for 100 social places: all go out.
    expect(ids.length).toBe(120);
    expect(await countRows(dataSource, `SELECT 1 FROM work_items WHERE status = 'assigned'`)).toBe(
      120,
    );
    // BullMQ follows the hand-outs once their projections (started after each commit, in the
    // background so `next` does not wait for Redis) have run.
    await app.get(WorkQueueProjector).settled();
    expect(await queueWaiting()).toBe(0);
  });

  it('serves phone and social from one queue by priority, then age, whatever the channel', async () => {
    await clearQueue();
    const seeded = await seed(
      { channel: 'social', priority: 3, queuedSecondsAgo: 50 },
      { channel: 'phone', priority: 3, queuedSecondsAgo: 60 },
      { channel: 'phone', priority: 2, queuedSecondsAgo: 10 },
      { channel: 'social', priority: 1, queuedSecondsAgo: 5 },
      { channel: 'social', priority: 3, queuedSecondsAgo: 70 },
    );
    const agent = await newAgent({ capacity: { phone: 5, social: 5 } });
    const order: string[] = [];
    for (;;) {
      const next = await call<Item>('POST', `/v1/agents/${agent}/next`);
      if (next.status === 204) break;
      order.push(next.body.id);
    }
    const expected = [3, 2, 4, 1, 0].map((i) => seeded[i].id);
    expect(order).toEqual(expected);
  });

  it('skips items an agent has no room or skills for instead of blocking on them', async () => {
    await clearQueue();
    const [phone, needsSpanish, social] = await seed(
      { channel: 'phone', priority: 1, queuedSecondsAgo: 30 },
      { channel: 'social', priority: 1, queuedSecondsAgo: 20, requiredSkills: ['spanish'] },
      { channel: 'social', priority: 4, queuedSecondsAgo: 10 },
    );
    const socialOnly = await newAgent({ capacity: { phone: 0, social: 3 } });
    expect((await call<Item>('POST', `/v1/agents/${socialOnly}/next`)).body.id).toBe(social.id);
    expect((await call('POST', `/v1/agents/${socialOnly}/next`)).status).toBe(204);
    const bilingual = await newAgent({ skills: ['spanish'] });
    expect((await call<Item>('POST', `/v1/agents/${bilingual}/next`)).body.id).toBe(phone.id);
    expect((await call<Item>('POST', `/v1/agents/${bilingual}/next`)).body.id).toBe(
      needsSpanish.id,
    );
  });

  it('accepts, completes (resolving the case), puts back and transfers, only for the holder', async () => {
    await clearQueue();
    const [first, second] = await seed(
      { channel: 'social', priority: 2, queuedSecondsAgo: 20 },
      { channel: 'social', priority: 2, queuedSecondsAgo: 10 },
    );
    const alice = await newAgent({ name: 'Alice' });
    const bob = await newAgent({ name: 'Bob' });
    expect((await call<Item>('POST', `/v1/agents/${alice}/next`)).body.id).toBe(first.id);
    expect((await call('POST', `/v1/work-items/${first.id}/accept`, { agentId: bob })).status).toBe(
      409,
    );
    expect(
      (await call('POST', `/v1/work-items/${first.id}/accept`, { agentId: alice })).status,
    ).toBe(200);

    expect(
      (await call('POST', `/v1/work-items/${first.id}/put-back`, { agentId: alice })).status,
    ).toBe(200);
    expect(await queueWaiting()).toBe(2);
    // Put back keeps its age: it is still the oldest, so it comes out first again.
    expect((await call<Item>('POST', `/v1/agents/${bob}/next`)).body.id).toBe(first.id);
    expect(
      (
        await call<Item>('POST', `/v1/work-items/${first.id}/transfer`, {
          agentId: bob,
          toAgentId: alice,
        })
      ).body.agentId,
    ).toBe(alice);
    const done = await call('POST', `/v1/work-items/${first.id}/complete`, {
      agentId: alice,
      resolutionCode: 'fixed',
    });
    expect(done.status).toBe(200);
    const [{ status }]: Array<{ status: string }> = await dataSource.query(
      `SELECT status FROM cases WHERE id = $1`,
      [first.caseId],
    );
    expect(status).toBe('resolved');
    expect(
      (
        await call('POST', `/v1/work-items/${first.id}/complete`, {
          agentId: alice,
          resolutionCode: 'x',
        })
      ).status,
    ).toBe(409);

    await call('PUT', '/v1/admin/queues/escalations', { description: 'Escalations' });
    expect((await call<Item>('POST', `/v1/agents/${alice}/next`)).body.id).toBe(second.id);
    const moved = await call<Item>('POST', `/v1/work-items/${second.id}/transfer`, {
      agentId: alice,
      toQueue: 'escalations',
    });
    expect(moved.body).toMatchObject({ queue: 'escalations', agentId: null });
    expect(await queueWaiting('escalations')).toBe(1);
  });

  it('takes back unaccepted work from agents who go offline or stop heartbeating', async () => {
    await clearQueue();
    const [a, b] = await seed(
      { channel: 'social', priority: 3, queuedSecondsAgo: 20 },
      { channel: 'social', priority: 3, queuedSecondsAgo: 10 },
    );
    const leaving = await newAgent();
    const silent = await newAgent();
    expect((await call<Item>('POST', `/v1/agents/${leaving}/next`)).body.id).toBe(a.id);
    expect((await call<Item>('POST', `/v1/agents/${silent}/next`)).body.id).toBe(b.id);
    await call('PUT', `/v1/agents/${leaving}/presence`, { presence: 'offline' });
    const [returned]: Array<{ status: string }> = await dataSource.query(
      `SELECT status FROM work_items WHERE id = $1`,
      [a.id],
    );
    expect(returned.status).toBe('queued');
    await dataSource.query(
      `UPDATE agents SET last_heartbeat_at = now() - interval '1 minute' WHERE id = $1`,
      [silent],
    );
    // Taken just now, so not yet abandoned: asking for work is a sign of life. Proven after two
    // whole sweeps (one began after the backdating), however slowly the sweeper timer fires.
    await sweepsCompleted(2);
    expect(await queueWaiting()).toBe(1);
    await dataSource.query(
      `UPDATE work_items SET assigned_at = now() - interval '1 minute' WHERE id = $1`,
      [b.id],
    );
    await waitFor(async () => (await queueWaiting()) === 2, {
      what: 'the sweeper to return the silent agent’s item',
    });
    expect((await call('POST', `/v1/agents/${leaving}/next`)).status).toBe(409);
  });

  it('routes phone calls by the same rules, reusing the caller’s open case and ignoring retries', async () => {
    await clearQueue();
    expect(
      (await call('PUT', '/v1/admin/queues/billing', { channels: ['phone', 'social'] })).status,
    ).toBe(200);
    const rule = await call<{ id: string }>('POST', '/v1/admin/routing-rules', {
      name: 'Billing calls and posts',
      conditions: { categories: ['billing'] },
      targetQueue: 'billing',
      priorityAdjustment: -1,
    });
    expect(rule.status).toBe(201);
    const first = await call<{
      workItem: Item;
      case: { id: string; reused: boolean };
      replayed: boolean;
    }>('POST', '/v1/work-items', {
      channel: 'phone',
      callerNumber: '+44 20 7946 0958',
      callId: 'call-1',
      category: 'billing',
    });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      workItem: { queue: 'billing', priority: 2 },
      case: { reused: false },
    });
    expect(await queueWaiting('billing')).toBe(1);

    const retry = await call<typeof first.body>('POST', '/v1/work-items', {
      channel: 'phone',
      callerNumber: '0044 20 7946 0958',
      callId: 'call-1',
      category: 'billing',
    });
    expect(retry.body).toMatchObject({ replayed: true, workItem: { id: first.body.workItem.id } });
    const again = await call<typeof first.body>('POST', '/v1/work-items', {
      channel: 'phone',
      callerNumber: '+442079460958',
      callId: 'call-2',
    });
    expect(again.body).toMatchObject({
      case: { id: first.body.case.id, reused: true },
      replayed: false,
    });
    expect(
      await countRows(dataSource, `SELECT 1 FROM interactions WHERE case_id = $1`, [
        first.body.case.id,
      ]),
    ).toBe(2);
    expect(
      await countRows(dataSource, `SELECT 1 FROM work_items WHERE case_id = $1`, [
        first.body.case.id,
      ]),
    ).toBe(1);
    expect(await queueWaiting('billing')).toBe(1);
  });

  it('starts the SLA clock of phone work from the queue policy and stops it on completion', async () => {
    await clearQueue();
    const sla = {
      targets: { '2': { firstResponseSeconds: 600, resolutionSeconds: 3600 } },
      escalation: { toQueue: 'no-such-queue' },
    };
    const refused = await call<{ errors: Array<{ path: string }> }>(
      'PUT',
      '/v1/admin/queues/default',
      { slaPolicy: sla },
    );
    expect(refused).toMatchObject({
      status: 400,
      body: { errors: [{ path: 'slaPolicy.escalation.toQueue' }] },
    });
    const saved = await call('PUT', '/v1/admin/queues/default', {
      slaPolicy: { ...sla, escalation: { toQueue: 'billing' } },
    });
    expect(saved.status).toBe(200);

    const opened = await call<{ workItem: Item }>('POST', '/v1/work-items', {
      channel: 'phone',
      callerNumber: '+33 1 70 36 39 50',
      callId: 'sla-call',
      priority: 2,
    });
    const itemId = opened.body.workItem.id;
    const timers = app.get(SlaTimerQueue);
    expect(await timers.pending(itemId)).toEqual(['firstResponse.atRisk']);
    const [due]: Array<{ first_response_due_at: Date; created_at: Date; queued_at: Date }> =
      await dataSource.query(
        `SELECT first_response_due_at, created_at, queued_at FROM work_items WHERE id = $1`,
        [itemId],
      );
    // The clock runs from the call's arrival (its `queued_at`), not from the item's creation.
    expect(due.queued_at.getTime()).toBeLessThanOrEqual(due.created_at.getTime());
    expect(due.first_response_due_at.getTime() - due.queued_at.getTime()).toBe(600_000);

    const agent = await newAgent();
    expect((await call<Item>('POST', `/v1/agents/${agent}/next`)).body.id).toBe(itemId);
    // The agent's desk counts down to these: the held item carries its due times.
    const held = await call<{ items: Array<{ id: string; sla: Record<string, string | null> }> }>(
      'GET',
      `/v1/agents/${agent}/work`,
    );
    expect(held.body.items).toEqual([
      expect.objectContaining({
        id: itemId,
        sla: {
          firstResponseDueAt: due.first_response_due_at.toISOString(),
          resolutionDueAt: new Date(due.queued_at.getTime() + 3_600_000).toISOString(),
          firstRespondedAt: null,
        },
      }),
    ]);
    await call('POST', `/v1/work-items/${itemId}/complete`, {
      agentId: agent,
      resolutionCode: 'answered',
    });
    expect(await timers.pending(itemId)).toEqual([]);
  });

  it('answers bad requests with the field at fault', async () => {
    const badRule = await call<{ errors: Array<{ path: string }> }>(
      'POST',
      '/v1/admin/routing-rules',
      {
        name: 'x',
        conditions: {},
        targetQueue: 'nowhere',
      },
    );
    expect(badRule).toMatchObject({ status: 400, body: { errors: [{ path: 'targetQueue' }] } });
    const badCall = await call<{ errors: Array<{ path: string }> }>('POST', '/v1/work-items', {
      channel: 'phone',
      callerNumber: '020 7946 0958',
      callId: 'c',
    });
    expect(badCall).toMatchObject({ status: 400, body: { errors: [{ path: 'callerNumber' }] } });
    expect((await call('POST', '/v1/agents/not-a-uuid/next')).status).toBe(400);
    expect(
      (await call('POST', '/v1/agents/00000000-0000-4000-8000-000000000000/next')).status,
    ).toBe(404);
  });

  it('lists agents by presence and queue, a page at a time, and refuses an unknown presence', async () => {
    const billing = await newAgent({ name: 'Zed billing', queues: ['billing'] });
    const away = await newAgent({ name: 'Zed away', queues: ['billing'] });
    await call('PUT', `/v1/agents/${away}/presence`, { presence: 'away' });
    type AgentList = { items: Array<{ id: string; presence: string }> };

    const inBilling = await call<AgentList>('GET', '/v1/agents?queue=billing&limit=200');
    expect(inBilling.body.items.map((a) => a.id).sort()).toEqual([billing, away].sort());
    const availableInBilling = await call<AgentList>(
      'GET',
      '/v1/agents?queue=billing&presence=available',
    );
    expect(availableInBilling.body.items.map((a) => a.id)).toEqual([billing]);
    expect(
      (await call<AgentList>('GET', '/v1/agents?queue=billing&limit=1&offset=1')).body.items,
    ).toHaveLength(1);
    const bad = await call<{ errors: Array<{ path: string }> }>(
      'GET',
      '/v1/agents?presence=asleep',
    );
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('presence');
  });
});
