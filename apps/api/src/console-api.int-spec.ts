import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import type { SocialMention } from '@scb/contracts';
import { BatchCaseMatcher, RuleSet } from '@scb/matching';
import { Database, SourceReadUsageRepository } from '@scb/persistence';
import {
  aMention,
  countRows,
  isolatedEnv,
  seedApiKey,
  seedQueuedWork,
  waitFor,
  createTestApp,
  mentionRecorder,
} from '@scb/testing';
import type { DataSource } from 'typeorm';
import { LiveFeedService } from './console/live-feed.service';

interface Mentions {
  total: number;
  items: Array<{ externalId: string; outcome: string; caseNumber: string | null }>;
}

/** Reads an SSE response's events until `until` says stop (or the time runs out). */
async function readEvents(
  response: Response,
  until: (events: Array<{ event: string; data: unknown }>) => boolean,
  timeoutMs = 20_000,
) {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  const events: Array<{ event: string; data: unknown }> = [];
  let buffer = '';
  const deadline = Date.now() + timeoutMs;
  while (!until(events) && Date.now() < deadline) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value as Uint8Array, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const field = (name: string) =>
        block
          .split('\n')
          .find((l) => l.startsWith(`${name}: `))
          ?.slice(name.length + 2);
      events.push({
        event: field('event') ?? 'message',
        data: JSON.parse(field('data') ?? 'null'),
      });
    }
  }
  await reader.cancel();
  return events;
}

describe('console API: dashboard, live feed, dry-run, case timeline (real Postgres)', () => {
  const env = isolatedEnv('console');
  let app: INestApplication;
  let dataSource: DataSource;
  let close: () => Promise<void>;
  let base: string;
  let adminKey: string;
  const matcher = new BatchCaseMatcher(randomUUID);
  const record = (mentions: SocialMention[], rules = RuleSet.defaults()) =>
    mentionRecorder(dataSource)(
      mentions.map((mention) => ({ mention, publishedAt: new Date() })),
      matcher.forBatch(rules),
    );
  const call = async (path: string, body?: unknown, key = adminKey) => {
    const response = await fetch(`${base}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    const testApp = await createTestApp('api', {
      ...env,
      LIVE_POLL_MS: '100',
      LIVE_HEARTBEAT_MS: '1000',
    });
    ({ app, dataSource, close } = testApp);
    base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    adminKey = await seedApiKey(dataSource, 'admin');
  });
  afterAll(() => close());

  it('lists mentions with their outcome and filters them; summarizes them', async () => {
    await record([
      aMention({ authorId: 'u1', text: 'my playlist is gone, I hate this' }),
      aMention({ authorId: 'u1', text: 'still gone' }),
      aMention({ authorId: '1002', platform: 'facebook', text: 'love the new app' }),
    ]);

    const all = await call('/v1/dashboard/mentions?limit=2');
    expect(all.status).toBe(200);
    expect((all.body as unknown as Mentions).total).toBe(3);
    expect((all.body as unknown as Mentions).items).toHaveLength(2);
    const joined = (await call('/v1/dashboard/mentions?outcome=joined'))
      .body as unknown as Mentions;
    expect(joined.items.map((m) => m.outcome)).toEqual(['joined']);
    expect(joined.items[0].caseNumber).toMatch(/^CS-\d{6}$/);
    const facebook = (await call('/v1/dashboard/mentions?platform=facebook'))
      .body as unknown as Mentions;
    expect(facebook.total).toBe(1);

    const summary = await call('/v1/dashboard/summary');
    expect(summary.body).toMatchObject({
      outcomes: { joined: 1, new: 2, ignored: 0 },
      mentionsPerBucket: expect.arrayContaining([
        expect.objectContaining({ platform: 'x', count: 2 }),
      ]),
      postToQueue: { count: 0, p50Ms: null },
    });
    const bad = await call('/v1/dashboard/summary?from=2026-02-01&to=2026-01-01&platform=fax');
    expect(bad.status).toBe(400);
    expect((bad.body.errors as Array<{ path: string }>).map((e) => e.path).sort()).toEqual([
      'platform',
    ]);
  });

  it('streams new mentions and queue depths over SSE with heartbeats, and lets go on disconnect', async () => {
    const feed = app.get(LiveFeedService);
    const controller = new AbortController();
    const response = await fetch(`${base}/v1/live`, {
      signal: controller.signal,
      headers: { authorization: `Bearer ${adminKey}` },
    });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const fresh = aMention({ text: 'live one' });
    // Recorded once the feed has fixed its start (anything earlier is history, never streamed);
    // a fixed pause instead lost the race whenever the first poll was slow.
    const recording = waitFor(async () => feed.listenerCount === 1).then(async () => {
      await feed.ready();
      await record([fresh]);
    });

    const events = await readEvents(
      response,
      (seen) =>
        seen.some((e) => e.event === 'mention') &&
        seen.filter((e) => e.event === 'heartbeat').length >= 2,
    );
    await recording;
    controller.abort();

    expect(events.find((e) => e.event === 'mention')?.data).toMatchObject({
      externalId: fresh.externalId,
      outcome: 'new',
      explanation: { rule: 'new-case' },
    });
    expect(events.find((e) => e.event === 'queues')?.data).toMatchObject({
      queues: [{ queue: 'default', phone: { waiting: 0 }, social: { waiting: 0 } }],
    });
    await waitFor(async () => feed.listenerCount === 0, { what: 'the listener to go' });
  });

  it('dry-runs a draft over the stored mentions: before → after with counts, nothing written', async () => {
    const draft = {
      rules: [
        {
          id: 'ignore-gone',
          when: { type: 'textContainsAny', values: ['gone'] },
          then: { ignore: true },
        },
      ],
    };
    const rowsBefore = await countRows(dataSource, 'SELECT 1 FROM interactions');

    const same = await call('/v1/admin/matching-rules/dry-run', { definition: {} });
    const run = await call('/v1/admin/matching-rules/dry-run', { definition: draft, limit: 1000 });

    expect(same).toMatchObject({ status: 200, body: { mentions: 4, changed: 0 } });
    expect(run.status).toBe(200);
    expect(run.body).toMatchObject({
      currentVersion: 0,
      mentions: 4,
      changed: 2,
      counts: { before: { new: 3, joined: 1, ignored: 0 }, after: { new: 2, ignored: 2 } },
      transitions: { 'new→ignored': 1, 'joined→ignored': 1 },
    });
    expect(await countRows(dataSource, 'SELECT 1 FROM interactions')).toBe(rowsBefore);
    expect(await countRows(dataSource, 'SELECT 1 FROM matching_rule_sets')).toBe(0);

    const asViewer = await call(
      '/v1/admin/matching-rules/dry-run',
      { definition: draft },
      await seedApiKey(dataSource, 'viewer'),
    );
    expect(asViewer.status).toBe(403);
    expect((await fetch(`${base}/v1/dashboard/summary`)).status).toBe(401);

    const invalid = await call('/v1/admin/matching-rules/dry-run', {
      definition: { rules: [{ id: 'Bad Id', when: { type: 'isReply', value: true }, then: {} }] },
    });
    expect(invalid.status).toBe(400);
    expect((invalid.body.errors as Array<{ path: string }>).map((e) => e.path)).toEqual(
      expect.arrayContaining(['definition.rules.0.id']),
    );
  });

  it('shows a case with its mentions oldest first', async () => {
    const [row]: Array<{ case_id: string }> = await dataSource.query(
      `SELECT case_id FROM interactions WHERE text = 'still gone'`,
    );
    const timeline = await call(`/v1/cases/${row.case_id}`);
    expect(timeline.status).toBe(200);
    expect(timeline.body).toMatchObject({
      caseNumber: expect.stringMatching(/^CS-/),
      entries: [
        { kind: 'mention', text: 'my playlist is gone, I hate this' },
        { kind: 'mention', text: 'still gone' },
      ],
    });
    expect((await call(`/v1/cases/${randomUUID()}`)).status).toBe(404);
    // The same case by its number (the console's deep links say /cases/CS-000123).
    const byNumber = await call(`/v1/cases/${timeline.body.caseNumber as string}`);
    expect(byNumber).toEqual(timeline);
    expect((await call('/v1/cases/CS-999999')).status).toBe(404);
    const bad = await call('/v1/cases/CS-12');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('case number');
  });

  it('shows per queue phone and social side by side, SLAs at risk and breached, and post → queue times', async () => {
    const [phoneOld, , social] = await seedQueuedWork(dataSource, [
      { channel: 'phone', priority: 3, queuedSecondsAgo: 600 },
      { channel: 'phone', priority: 3, queuedSecondsAgo: 60 },
      { channel: 'social', priority: 2, queuedSecondsAgo: 120 },
    ]);
    const sla = (workItemId: string, caseId: string, stage: string) =>
      dataSource.query(
        `INSERT INTO sla_events (work_item_id, case_id, queue_name, kind, stage, due_at)
         VALUES ($1, $2, 'default', 'firstResponse', $3, now())`,
        [workItemId, caseId, stage],
      );
    await sla(phoneOld.id, phoneOld.caseId, 'atRisk');
    await sla(phoneOld.id, phoneOld.caseId, 'breached');
    await sla(social.id, social.caseId, 'atRisk');
    // The router's record of having queued a stored mention, 1.5 s after it reached Kafka.
    await dataSource.query(
      `INSERT INTO processed_events (event_id, consumer, case_id, interaction_id, processed_at)
       SELECT gen_random_uuid(), 'router', case_id, id, published_at + interval '1500 ms'
         FROM interactions WHERE text = 'live one'`,
    );

    const queues = await call('/v1/dashboard/queues');
    expect(queues.body.queues).toEqual([
      {
        queue: 'default',
        phone: { waiting: 2, assigned: 0, oldestWaitingSince: expect.any(String) },
        social: { waiting: 1, assigned: 0, oldestWaitingSince: expect.any(String) },
        sla: { atRisk: 1, breached: 1 },
      },
    ]);
    const [{ queued_at }]: Array<{ queued_at: Date }> = await dataSource.query(
      `SELECT queued_at FROM work_items WHERE id = $1`,
      [phoneOld.id],
    );
    const phone = (queues.body.queues as Array<{ phone: { oldestWaitingSince: string } }>)[0].phone;
    expect(new Date(phone.oldestWaitingSince).getTime()).toBe(queued_at.getTime());

    const summary = await call('/v1/dashboard/summary');
    expect(summary.body).toMatchObject({
      sla: { atRisk: 2, breached: 1 },
      postToQueue: { count: 1, p50Ms: 1500, p95Ms: 1500 },
    });
    const otherQueue = await call('/v1/dashboard/summary?queue=vip');
    expect(otherQueue.body).toMatchObject({
      sla: { atRisk: 0, breached: 0 },
      outcomes: { joined: 0, new: 0, ignored: 0 },
    });
  });

  it("puts a phone call's note on its case timeline with the intake's reason", async () => {
    const phone = await call(
      '/v1/work-items',
      { channel: 'phone', callerNumber: '+14155550123', callId: 'call-1', note: 'wants a refund' },
      await seedApiKey(dataSource, 'integration'),
    );
    expect(phone.status).toBe(201);
    const caseId = (phone.body as { case: { id: string } }).case.id;
    const timeline = await call(`/v1/cases/${caseId}`);
    expect(timeline.body).toMatchObject({
      workItem: { queue: 'default', status: 'queued' },
      entries: [
        {
          kind: 'phone',
          text: 'wants a refund',
          detail: 'no open case for this caller; opened a phone case',
        },
      ],
    });
  });
  it('summarizes every bucket of the range: quiet minutes are zeros, sentiment null there', async () => {
    const busy = [
      aMention({ authorId: 'b1', text: 'I hate this, the app crashed' }),
      aMention({ authorId: 'b2', text: 'crashed again' }),
      aMention({ authorId: '1003', platform: 'facebook', text: 'I love the new playlist' }),
    ];
    await record(busy);
    const receivedAt = ['2025-06-01T02:22:10Z', '2025-06-01T02:22:40Z', '2025-06-01T02:26:05Z'];
    for (const [i, m] of busy.entries())
      await dataSource.query(`UPDATE interactions SET received_at = $2 WHERE external_id = $1`, [
        m.externalId,
        receivedAt[i],
      ]);
    const range = 'from=2025-06-01T02:20:00Z&to=2025-06-01T02:30:00Z';
    type Body = {
      bucketSeconds: number;
      buckets: string[];
      mentionsPerBucket: Array<{ at: string; platform: string; count: number }>;
      sentiment: Array<{ at: string; average: number | null; count: number }>;
    };
    const summary = (await call(`/v1/dashboard/summary?${range}`)).body as unknown as Body;

    const minutes = Array.from(
      { length: 10 },
      (_, i) => `2025-06-01T02:${String(20 + i).padStart(2, '0')}:00.000Z`,
    );
    expect(summary.bucketSeconds).toBe(60);
    expect(summary.buckets).toEqual(minutes);
    expect(summary.mentionsPerBucket).toEqual(
      minutes.flatMap((at) => [
        { at, platform: 'facebook', count: at.endsWith('26:00.000Z') ? 1 : 0 },
        { at, platform: 'x', count: at.endsWith('22:00.000Z') ? 2 : 0 },
      ]),
    );
    expect(summary.sentiment.map((s) => s.at)).toEqual(minutes);
    const felt = summary.sentiment.filter((s) => s.count > 0).map((s) => s.at);
    expect(felt.every((at) => at.endsWith('22:00.000Z') || at.endsWith('26:00.000Z'))).toBe(true);
    expect(summary.sentiment.filter((s) => s.count === 0).every((s) => s.average === null)).toBe(
      true,
    );

    // A platform filter keeps every bucket for that platform only, zeros included.
    const x = (await call(`/v1/dashboard/summary?${range}&platform=x`)).body as unknown as Body;
    expect(x.mentionsPerBucket.map((b) => [b.platform, b.count])).toEqual(
      minutes.map((at) => ['x', at.endsWith('22:00.000Z') ? 2 : 0]),
    );
    // An hour with nothing at all still has its 60 buckets.
    const quiet = (
      await call('/v1/dashboard/summary?from=2025-05-01T00:00:00Z&to=2025-05-01T01:00:00Z')
    ).body as unknown as Body;
    expect(quiet.buckets).toHaveLength(60);
    expect(quiet.sentiment.every((s) => s.average === null && s.count === 0)).toBe(true);
  });
  it('shows X reads this month per poller against its budget on the dashboard summary', async () => {
    const usage = new SourceReadUsageRepository(new Database(dataSource));
    const month = new Date().toISOString().slice(0, 7);
    await usage.add('x-mentions:1000', month, 700, 1000);
    await usage.add('x-mentions:1000', month, 150, 1000);
    await usage.add('x-search:acme', month, 40, null);
    await usage.add('x-search:acme', '2000-01', 999, null); // another month: not shown

    const summary = await call('/v1/dashboard/summary');
    expect(summary.status).toBe(200);
    expect(summary.body.xReads).toEqual([
      { source: 'x-mentions:1000', month, used: 850, budget: 1000, state: 'near' },
      { source: 'x-search:acme', month, used: 40, budget: null, state: 'unlimited' },
    ]);
  });
});
