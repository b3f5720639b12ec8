import { Logger } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import type { DataSource } from 'typeorm';
import { qualifiedTopic, Topics, type SocialMention } from '@scb/contracts';
import { createKafka, ensureTopics } from '@scb/messaging';
import { Database, SourceCheckpointRepository } from '@scb/persistence';
import { signSha256, timestampedSignatureHeaders, type SourceReport } from '@scb/social-sources';
import {
  clearDedupKeys,
  createTestApp,
  FakeXServer,
  pageFeedComment,
  isolatedEnv,
  PrivateKafkaBroker,
  readAll,
  topicMessageCount,
  waitFor,
  type TestApp,
} from '@scb/testing';

const TOKEN = 'fake-x-bearer-token-0123456789';
const SECRET = 'outage-webhook-secret-0123';
const META_SECRET = 'outage-meta-app-secret-0123';
const META_COMMENT = '880011223344_990000111';
const BRAND = '1000';
const POLLER = `x-mentions:${BRAND}`;
const INTERVAL_MS = 300;

// Stops and restarts Kafka, so it runs its own broker: the shared one on 9092 is never touched.
describe('Kafka unavailable for a while: sources pause, webhooks refuse, nothing is lost or repeated', () => {
  const env = isolatedEnv('outage');
  const broker = new PrivateKafkaBroker({ port: 19192, controllerPort: 19193 });
  const topic = qualifiedTopic(env.KAFKA_TOPIC_PREFIX, Topics.mentions);
  const dlq = qualifiedTopic(env.KAFKA_TOPIC_PREFIX, Topics.mentionsDeadLetter);
  const fakeX = new FakeXServer(TOKEN);
  const posted: string[] = [];
  let kafka: Kafka;
  let dataSource: DataSource | null = null;
  let app: TestApp | null = null;
  let url = '';

  const tweet = (n: number) =>
    posted.push(fakeX.post('201', `@BrandCares order ${n} is late`, [BRAND]).id);
  const checkpoint = () => new SourceCheckpointRepository(new Database(dataSource!)).load(POLLER);
  const poller = async () => {
    const body = (await (
      await fetch(`${url}/v1/sources`, {
        headers: { authorization: `Bearer ${env.INGESTION_OPERATOR_TOKEN}` },
      })
    ).json()) as { sources: SourceReport[] };
    return body.sources.find((s) => s.name === POLLER)!;
  };
  const webhookBody = Buffer.from(
    JSON.stringify(
      ['hook-1', 'hook-2'].map((id) => ({
        platform: 'other',
        externalId: id,
        authorId: `author-${id}`,
        text: '@BrandCares where is my refund',
        createdAt: '2026-01-01T10:00:00Z',
      })),
    ),
  );
  const postWebhook = () =>
    fetch(`${url}/v1/webhooks/mentions`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...timestampedSignatureHeaders(SECRET, webhookBody),
      },
      body: webhookBody,
    });

  const metaBody = Buffer.from(JSON.stringify(pageFeedComment()));
  const deliverMeta = () =>
    fetch(`${url}/v1/webhooks/meta`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-hub-signature-256': signSha256(META_SECRET, metaBody),
      },
      body: metaBody,
    });

  beforeAll(async () => {
    await broker.start();
    kafka = createKafka(
      { brokers: [broker.brokers], clientId: 'scb-outage-test' },
      new Logger('KafkaOutageTest'),
    );
    await ensureTopics(kafka, [
      { topic, numPartitions: 3 },
      { topic: dlq, numPartitions: 1 },
    ]);
    const baseUrl = await fakeX.start();
    fakeX.addUser(BRAND, 'BrandCares', 50_000);
    fakeX.addUser('201', 'customer_1', 12);
    for (let n = 0; n < 3; n += 1) tweet(n);
    app = await createTestApp('ingestion', {
      ...env,
      KAFKA_BROKERS: broker.brokers,
      INGESTION_KAFKA_RETRIES: '1',
      WEBHOOK_SECRET: SECRET,
      META_APP_SECRET: META_SECRET,
      X_API_BASE_URL: baseUrl,
      X_BEARER_TOKEN: TOKEN,
      X_MENTIONS_ACCOUNTS: `${BRAND}:BrandCares`,
      X_POLL_INTERVAL_MS: String(INTERVAL_MS),
    });
    ({ dataSource, baseUrl: url } = app);
    // Starting a JVM broker took over 3 minutes with the 2 cores shared (load average 40).
  }, 480_000);

  afterAll(async () => {
    // Each step on its own, so a failing one cannot leave the broker (a JVM) running.
    const steps = [
      () => app?.close(),
      () => fakeX.stop(),
      () => clearDedupKeys(env.KAFKA_TOPIC_PREFIX),
      () => broker.remove(),
    ];
    for (const step of steps) await Promise.resolve(step()).catch(() => undefined);
  }, 120_000);

  it('pauses polling with backoff at the checkpoint, answers webhooks 503, and delivers everything once when Kafka is back', async () => {
    await waitFor(async () => (await checkpoint()) === posted[2], {
      what: 'the first tweets to be published',
    });
    expect(await topicMessageCount(kafka, topic)).toBe(3);

    await broker.stop();
    for (let n = 3; n < 7; n += 1) tweet(n);
    const requestsBefore = fakeX.requestsTo(`/2/users/${BRAND}/mentions`).length;

    // The webhook is not acknowledged: 503 with the reason, so the sender retries.
    const refused = await postWebhook();
    expect(refused.status).toBe(503);
    expect(((await refused.json()) as { message: string }).message).toMatch(
      /Kafka unavailable.*retry/,
    );

    // Meta gets no 200 either, so it redelivers.
    const metaRefused = await deliverMeta();
    expect(metaRefused.status).toBe(503);
    expect(((await metaRefused.json()) as { message: string }).message).toMatch(
      /Kafka unavailable/,
    );

    // The poller keeps failing, further apart each time, and its checkpoint stays put.
    const failing = await waitFor(
      async () => {
        const p = await poller();
        return p.status.state === 'failing' && p.metrics.errors >= 3 ? p : undefined;
      },
      { what: 'three failed cycles of the poller', timeoutMs: 60_000 },
    );
    expect(failing!.status).toMatchObject({ state: 'failing', reason: expect.any(String) });
    expect(failing!.metrics.lastError).not.toBeNull();
    expect(await checkpoint()).toBe(posted[2]);
    const during = fakeX.requestsTo(`/2/users/${BRAND}/mentions`).slice(requestsBefore);
    const gaps = during.slice(1).map((r, i) => r.at - during[i].at);
    // Backoff doubles from twice the interval: never a tight loop against X while Kafka is down.
    expect(gaps[0]).toBeGreaterThanOrEqual(2 * INTERVAL_MS);
    expect(gaps[1]).toBeGreaterThanOrEqual(4 * INTERVAL_MS);

    await broker.start();
    await waitFor(async () => (await checkpoint()) === posted[6], {
      what: 'the poller to catch up once Kafka is back',
      timeoutMs: 60_000,
    });
    const retried = await waitFor(
      async () => {
        const response = await postWebhook();
        return response.status === 202 ? response : undefined;
      },
      { what: 'the sender retry to be accepted', timeoutMs: 30_000 },
    );
    expect(await retried!.json()).toMatchObject({ accepted: 2, rejected: 0 });
    const redelivered = await deliverMeta();
    expect(redelivered.status).toBe(200);
    expect(await redelivered.json()).toMatchObject({ accepted: 1, duplicates: 0 });

    const expected = [...posted, 'hook-1', 'hook-2', META_COMMENT];
    const messages = await readAll(kafka, topic, expected.length, 30_000);
    const counts = new Map<string, number>();
    for (const m of messages) {
      const id = (JSON.parse(m.value) as SocialMention).externalId;
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    expect(Object.fromEntries(counts)).toEqual(Object.fromEntries(expected.map((id) => [id, 1])));
    expect(await topicMessageCount(kafka, topic)).toBe(expected.length);
    expect((await poller()).status.state).toBe('running');
  }, 480_000);
});
