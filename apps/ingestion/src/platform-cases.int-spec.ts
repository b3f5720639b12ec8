import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { qualifiedTopic, Topics } from '@scb/contracts';
import { CaseTimelineRepository, Database, ReplyRepository } from '@scb/persistence';
import { signSha256, type SourceReport } from '@scb/social-sources';
import {
  clearDedupKeys,
  createTestApp,
  dropTopics,
  FakeXServer,
  isolatedEnv,
  platformCase,
  readAll,
  testKafka,
  waitFor,
  type TestApp,
} from '@scb/testing';

const TOKEN = 'fake-x-bearer-token-0123456789';
const BRAND_X = '900000000000000001';
const APP_SECRET = 'meta-app-secret-for-tests-0001';

interface Row {
  external_id: string;
  case_id: string | null;
  customer_id: string;
  direction: string;
  text: string;
  ignored: boolean;
  revisions: Array<{ text: string }>;
  edited_at: string | null;
  removed_at: string | null;
  decision: { rule: string; ignoredReason?: string; identifiers: { caseNumbers: string[] } };
  payload: { repairs: string[] };
}

/**
 * Every file of the platform cases (issue 13) through the real entry points: X answers served by
 * the fake X and read by the twitter-api-v2 pollers, Meta deliveries signed and POSTed as their
 * exact bytes, then the real matcher on Kafka and Postgres; each checked in the stored result.
 */
describe('platform cases through ingestion and the matcher (real Kafka, Postgres, Redis)', () => {
  const env = isolatedEnv('platform');
  const kafka = testKafka('scb-platform-test');
  const fakeX = new FakeXServer(TOKEN);
  /** The ingestion service, with the matcher started in its namespace. */
  let ingestion: TestApp;
  let dataSource: DataSource;
  let base: string;

  const row = async (externalId: string): Promise<Row | undefined> =>
    (
      await dataSource.query<Row[]>(
        `SELECT external_id, case_id, customer_id, direction, text, ignored, revisions,
                edited_at, removed_at, decision, payload
           FROM interactions WHERE external_id = $1`,
        [externalId],
      )
    )[0];
  const stored = (ids: string[]) =>
    waitFor(async () => (await Promise.all(ids.map(row))).every(Boolean), {
      timeoutMs: 30_000,
      what: `interactions ${ids.join(', ')}`,
    });
  const serveX = (name: string) => {
    const file = JSON.parse(platformCase(name).toString('utf8')) as {
      key: string;
      users: Array<{ id: string }>;
      tweets: Array<{ id: string }>;
    };
    fakeX.serve(file.key, file.users, file.tweets);
  };
  const deliver = async (body: Buffer | string) => {
    const response = await fetch(`${base}/v1/webhooks/meta`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-hub-signature-256': signSha256(APP_SECRET, body),
      },
      body,
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const sources = async () => {
    const response = await fetch(`${base}/v1/sources`, {
      headers: { authorization: `Bearer ${env.INGESTION_OPERATOR_TOKEN}` },
    });
    return ((await response.json()) as { items: SourceReport[] }).items;
  };

  beforeAll(async () => {
    const xBase = await fakeX.start();
    ingestion = await createTestApp('ingestion', {
      ...env,
      X_API_BASE_URL: xBase,
      X_BEARER_TOKEN: TOKEN,
      X_MENTIONS_ACCOUNTS: `${BRAND_X}:AcmeCare`,
      X_SEARCH_QUERIES: 'Acme',
      X_POLL_INTERVAL_MS: '150',
      X_POLL_OVERLAP_MS: '60000',
      META_APP_SECRET: APP_SECRET,
    });
    ({ dataSource, baseUrl: base } = ingestion);
    await ingestion.start('matcher', { OUTBOX_POLL_MS: '100' });
  }, 60_000);

  afterAll(async () => {
    await ingestion?.close();
    await fakeX.stop();
    await dropTopics(kafka, env.KAFKA_TOPIC_PREFIX);
    await clearDedupKeys(env.KAFKA_TOPIC_PREFIX);
  });

  it("01: a third party's reply in a customer's thread gets its own case; hers is untouched", async () => {
    serveX('01-x-third-party-reply-in-thread');
    await stored(['1900000000000001001', '1900000000000001002']);
    const dana = (await row('1900000000000001001'))!;
    const theo = (await row('1900000000000001002'))!;
    expect(theo.case_id).not.toBeNull();
    expect(theo.case_id).not.toBe(dana.case_id);
    expect(theo.customer_id).not.toBe(dana.customer_id);
    const [{ n }] = await dataSource.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM interactions WHERE case_id = $1`,
      [dana.case_id],
    );
    expect(n).toBe(1);
    // Dana's thread is kept as context on Theo's case: her tweet shows on his timeline.
    const timeline = await new CaseTimelineRepository(new Database(dataSource)).get(theo.case_id!);
    expect(timeline!.entries.map((e) => [e.kind, e.text])).toEqual([
      ['context', dana.text],
      ['mention', theo.text],
    ]);
  });

  it("04: the brand's own reply is outbound on Dana's case; its announcement is no customer", async () => {
    serveX('04-x-brand-own-tweets-via-search');
    await stored(['1900000000000001005']);
    const reply = (await row('1900000000000001005'))!;
    const dana = (await row('1900000000000001001'))!;
    expect(reply).toMatchObject({ direction: 'outbound', case_id: dana.case_id });
    expect(reply.decision.rule).toBe('brand-reply');
    // The announcement answers nothing: never a customer, a persona or a case.
    expect(await row('1900000000000001006')).toBeUndefined();
    const acme = await dataSource.query<unknown[]>(
      `SELECT 1 FROM customer_identities WHERE external_user_id = $1`,
      [BRAND_X],
    );
    expect(acme).toEqual([]);
  });

  it('03: a retweet is recorded as ignored, with the reason, and opens no case', async () => {
    serveX('03-x-retweet-in-mentions-timeline');
    await stored(['1900000000000001004']);
    const rt = (await row('1900000000000001004'))!;
    expect(rt).toMatchObject({ ignored: true, case_id: null });
    expect(rt.decision.ignoredReason).toBe('repost');
  });

  it('11a then 11b: the edit updates the original interaction and keeps its earlier text', async () => {
    serveX('11a-x-original-tweet');
    await stored(['1900000000000001010']);
    serveX('11b-x-edited-version');
    await waitFor(async () => Boolean((await row('1900000000000001010'))?.edited_at), {
      timeoutMs: 30_000,
      what: 'the edit applied',
    });
    const edited = (await row('1900000000000001010'))!;
    expect(edited.text).toBe('@AcmeCare my phone bill doubled this month, why?');
    expect(edited.revisions.map((r) => r.text)).toEqual([
      '@AcmeCare my phone bill doubled this mnoth, why?',
    ]);
    expect(await row('1900000000000001011')).toBeUndefined();
  });

  it('12: the whole text of a long post is stored and its case number matched', async () => {
    const [customer] = await dataSource.query<Array<{ id: string }>>(
      `INSERT INTO customers (display_name) VALUES ('Pat L') RETURNING id`,
    );
    const [seeded] = await dataSource.query<Array<{ id: string }>>(
      `INSERT INTO cases (id, case_number, customer_id, origin_channel)
       VALUES (gen_random_uuid(), 'CS-000307', $1, 'phone') RETURNING id`,
      [customer.id],
    );
    serveX('12-x-long-post-note-tweet');
    await stored(['1900000000000001020']);
    const long = (await row('1900000000000001020'))!;
    expect(long.text).toMatch(/My case number is CS-000307, please escalate it\.$/);
    expect(long.case_id).toBe(seeded.id);
    expect(long.decision.rule).toBe('case-number');
  });

  it('19: text ending in half an emoji is repaired where it enters, recorded, and stored', async () => {
    serveX('19-x-lone-surrogate-truncated-emoji');
    await stored(['1900000000000001060']);
    const repaired = (await row('1900000000000001060'))!;
    expect(repaired.text).toBe('@AcmeCare my refund still has not arrived \ufffd');
    expect(repaired.payload.repairs).toEqual(
      expect.arrayContaining(['text:lone-surrogate', 'raw:lone-surrogate']),
    );
    expect(repaired.case_id).not.toBeNull();
  });

  it("02a, 02b: a second customer's comment under the page's post gets its own case; replies from Lena's case go to Lena", async () => {
    expect((await deliver(platformCase('02a-meta-page-post-and-first-comment'))).status).toBe(200);
    await stored(['5001_7001']);
    expect((await deliver(platformCase('02b-meta-second-customer-comment-same-post'))).status).toBe(
      200,
    );
    await stored(['5001_7002']);
    const lena = (await row('5001_7001'))!;
    const omar = (await row('5001_7002'))!;
    expect(omar.case_id).not.toBe(lena.case_id);
    expect(omar.customer_id).not.toBe(lena.customer_id);
    const omarsTimeline = await new CaseTimelineRepository(new Database(dataSource)).get(
      omar.case_id!,
    );
    expect(omarsTimeline!.entries.map((e) => e.kind)).toEqual(['context', 'mention']);
    // The page's own post is the brand's, answering nothing: no customer, no case.
    expect(await row('880000000000001_5001')).toBeUndefined();
    const [agent] = await dataSource.query<Array<{ id: string }>>(
      `INSERT INTO agents (name) VALUES ('Ana') RETURNING id`,
    );
    const begun = await new ReplyRepository(new Database(dataSource)).begin({
      requestId: randomUUID(),
      caseId: lena.case_id!,
      agentId: agent.id,
      text: 'Sorry Lena, we are on it',
    });
    expect(begun.kind === 'new' && begun.reply.inReplyTo.externalId).toBe('5001_7001');
  });

  it('17: an edited then removed comment shows the edit, then is marked removed, text kept', async () => {
    expect((await deliver(platformCase('17-meta-comment-edited-then-removed'))).status).toBe(200);
    await waitFor(async () => Boolean((await row('5001_7001'))?.removed_at), {
      timeoutMs: 30_000,
      what: 'the removal applied',
    });
    const comment = (await row('5001_7001'))!;
    expect(comment.text).toBe('EDIT: package arrived, thanks anyway');
    expect(comment.revisions.map((r) => r.text)).toEqual([
      "My package from last week still hasn't arrived, can someone help?",
    ]);
    expect(comment.edited_at).not.toBeNull();
    // The case shows it: the edit, its earlier text, and the removal.
    const timeline = await new CaseTimelineRepository(new Database(dataSource)).get(
      comment.case_id!,
    );
    expect(timeline!.entries.find((e) => e.text === comment.text)).toMatchObject({
      editedAt: expect.any(Date),
      removedAt: expect.any(Date),
      revisions: [expect.objectContaining({ text: comment.revisions[0].text })],
    });
  });

  it('05c: a DM and the echo of its answer in one delivery: both stored on the same case', async () => {
    expect((await deliver(platformCase('05c-instagram-dm-and-echo'))).status).toBe(200);
    const dm = 'aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQxNDAwMDAwMDAwMDAx';
    const echo = 'aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQxNDAwMDAwMDAwMDAy';
    await stored([dm, echo]);
    const [d, e] = [(await row(dm))!, (await row(echo))!];
    expect(d.direction).toBe('inbound');
    expect(e).toMatchObject({ direction: 'outbound', case_id: d.case_id });
  });

  it('05 (kind): a DM and its echo are decided in order every time (40 deliveries at once)', async () => {
    const deliveries = Array.from({ length: 40 }, (_, i) => {
      const customer = `63000000000${String(1000 + i)}`;
      return JSON.stringify({
        object: 'instagram',
        entry: [
          {
            id: '17841400000000001',
            time: 1796005686323,
            messaging: [
              {
                sender: { id: customer },
                recipient: { id: '17841400000000001' },
                timestamp: 1796005682323 + i,
                message: { mid: `race-dm-${i}`, text: `my order ${i} is late` },
              },
              {
                sender: { id: '17841400000000001' },
                recipient: { id: customer },
                timestamp: 1796005684323 + i,
                message: { mid: `race-echo-${i}`, is_echo: true, text: 'Looking into it' },
              },
            ],
          },
        ],
      });
    });
    const answers = await Promise.all(deliveries.map(deliver));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    const ids = deliveries.flatMap((_, i) => [`race-dm-${i}`, `race-echo-${i}`]);
    await stored(ids);
    for (let i = 0; i < 40; i += 1) {
      const [d, e] = [(await row(`race-dm-${i}`))!, (await row(`race-echo-${i}`))!];
      expect(e.case_id).toBe(d.case_id);
    }
  });

  it('10b: senders whose ids are JSON numbers above 2^53 stay two customers, digit for digit', async () => {
    expect((await deliver(platformCase('10b-meta-numeric-ids-over-2pow53'))).status).toBe(200);
    await stored(['m_tester_bigid_0001', 'm_tester_bigid_0002']);
    const ids = await dataSource.query<Array<{ external_user_id: string }>>(
      `SELECT external_user_id FROM customer_identities WHERE external_user_id LIKE '1234567890123456%' ORDER BY 1`,
    );
    expect(ids.map((r) => r.external_user_id)).toEqual(['12345678901234567', '12345678901234568']);
    const [a, b] = [(await row('m_tester_bigid_0001'))!, (await row('m_tester_bigid_0002'))!];
    expect(a.customer_id).not.toBe(b.customer_id);
  });

  it('14.10: a delivery with bad created_time events answers 200, refuses those with the reason, keeps the rest', async () => {
    const change = (comment: string, created_time: unknown) => ({
      field: 'feed',
      value: {
        item: 'comment',
        verb: 'add',
        post_id: '880000000000001_6001',
        comment_id: comment,
        parent_id: '880000000000001_6001',
        from: { id: `61000000000${comment.slice(-4)}`, name: 'Someone' },
        message: 'where is my parcel',
        created_time,
      },
    });
    const body = JSON.stringify({
      object: 'page',
      entry: [
        {
          id: '880000000000001',
          time: 1796005639,
          changes: [
            change('6001_9001', 'x'),
            change('6001_9002', 1e20),
            change('6001_9003', 1796005600),
          ],
        },
      ],
    });
    const answer = await deliver(body);
    expect(answer).toEqual({
      status: 200,
      body: expect.objectContaining({ accepted: 1, rejected: 2 }),
    });
    await stored(['6001_9003']);
    const dlq = await readAll(
      kafka,
      qualifiedTopic(env.KAFKA_TOPIC_PREFIX, Topics.mentionsDeadLetter),
      2,
    );
    const reasons = dlq.map((m) => JSON.parse(m.value) as { reason: string });
    expect(reasons).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ reason: expect.stringContaining('6001_9001: created_time') }),
        expect.objectContaining({ reason: expect.stringContaining('6001_9002: created_time') }),
      ]),
    );
  });

  it('7 (kind): every Meta event is counted once by outcome and reason in /v1/sources', async () => {
    const meta = (await sources()).find((s) => s.name === 'meta-webhook')!;
    const o = meta.metrics.outcomes;
    const sum = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);
    // Sent above: 02a (2), 02b (1), 17 (2), 05c (2), 80 race events, 10b (2), 14.10 (3).
    expect(o.published + o.duplicates + sum(o.ignored) + sum(o.deadLettered)).toBe(92);
    expect(o.deadLettered).toEqual({ 'bad-time': 2 });
    const x = (await sources()).find((s) => s.name === `x-mentions:${BRAND_X}`)!;
    expect(x.metrics.reads).toBeGreaterThan(0);
    expect(x.metrics.readUsage).toMatchObject({ month: expect.stringMatching(/^\d{4}-\d{2}$/) });
  });
});
