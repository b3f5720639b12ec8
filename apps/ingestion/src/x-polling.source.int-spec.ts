import type { INestApplication } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { loadConfig } from '@scb/config';
import { qualifiedTopic, Topics, type SocialMention } from '@scb/contracts';
import { DeadLetterPublisher, EventPublisher, ensureTopics } from '@scb/messaging';
import { Database, HeldBrandPostRepository, SourceCheckpointRepository } from '@scb/persistence';
import { XPollingSource, type SourceReport } from '@scb/social-sources';
import {
  aMention,
  clearDedupKeys,
  dropTopics,
  FakeXServer,
  freshDatabase,
  isolatedEnv,
  readAll,
  testKafka,
  topicMessageCount,
  waitFor,
} from '@scb/testing';
import { startIngestion } from './ingestion.app';
import { IngestionConfigSchema } from './ingestion.config';
import { MentionPublisher } from './mention.publisher';
import { XApiGateway } from './x-api.gateway';

const TOKEN = 'fake-x-bearer-token-0123456789';
const BRAND = '1000';
const SOURCE = `x-mentions:${BRAND}`;

describe('X mention polling through twitter-api-v2 against a fake X, with Postgres checkpoints', () => {
  const env = isolatedEnv('xpoll');
  const kafka = testKafka('scb-xpoll-test');
  const topic = qualifiedTopic(env.KAFKA_TOPIC_PREFIX, Topics.mentions);
  const dlq = qualifiedTopic(env.KAFKA_TOPIC_PREFIX, Topics.mentionsDeadLetter);
  const fakeX = new FakeXServer(TOKEN);
  const publisher = new EventPublisher(kafka);
  const posted: string[] = [];
  let baseUrl: string;
  let dataSource: DataSource;
  let dropDatabase: () => Promise<void>;
  let app: INestApplication | null = null;

  const tweet = (n: number) => {
    const author = `20${n % 4}`;
    posted.push(fakeX.post(author, `@BrandCares order ${n} is late`, [BRAND]).id);
  };
  const sources = async () => {
    const response = await fetch(
      `${(await app!.getUrl()).replace('[::1]', '127.0.0.1')}/v1/sources`,
      { headers: { authorization: `Bearer ${env.INGESTION_OPERATOR_TOKEN}` } },
    );
    return ((await response.json()) as { sources: SourceReport[] }).sources;
  };

  beforeAll(async () => {
    baseUrl = await fakeX.start();
    fakeX.addUser(BRAND, 'BrandCares', 50_000);
    for (let a = 0; a < 4; a += 1) fakeX.addUser(`20${a}`, `customer_${a}`, 10 + a);
    ({ dataSource, drop: dropDatabase } = await freshDatabase(env.DB_SCHEMA));
    await ensureTopics(kafka, [
      { topic, numPartitions: 3 },
      { topic: dlq, numPartitions: 1 },
    ]);
  });

  afterAll(async () => {
    await app?.close();
    await publisher.disconnect();
    await fakeX.stop();
    await dropTopics(kafka, env.KAFKA_TOPIC_PREFIX);
    await clearDedupKeys(env.KAFKA_TOPIC_PREFIX);
    await dropDatabase();
  });

  it('a crash in the middle of a cycle resumes from the checkpoint with no loss and no repeat', async () => {
    for (let n = 0; n < 23; n += 1) tweet(n);
    const checkpoints = new SourceCheckpointRepository(new Database(dataSource));
    const mentions = new MentionPublisher(publisher, topic);
    const deadLetters = new DeadLetterPublisher(publisher, 'ingestion', dlq);
    let chunks = 0;
    // The process "dies" when it is about to publish its third chunk of 5.
    const crashing = new XPollingSource(
      new XApiGateway({ baseUrl, bearerToken: TOKEN, pageSize: 5 }).mentions(BRAND),
      checkpoints,
      {
        publish: async (items: SocialMention[]) => {
          if (++chunks > 2) throw new Error('process killed');
          return mentions.publish(items);
        },
        reject: (items) =>
          deadLetters.publish(
            items.map((i) => ({ ...i, key: null, partition: null, offset: null })),
          ),
      },
      {
        name: SOURCE,
        targetAccount: 'BrandCares',
        intervalMs: 100,
        chunkSize: 5,
        maxBackoffMs: 100,
      },
    );
    await expect(crashing.pollOnce()).rejects.toThrow('process killed');
    // Five pages of five were read (newest first) before anything was published.
    expect(fakeX.requestsTo(`/2/users/${BRAND}/mentions`)).toHaveLength(5);
    expect(await checkpoints.load(SOURCE)).toBe(posted[9]);
    expect(await topicMessageCount(kafka, topic)).toBe(10);

    for (let n = 23; n < 27; n += 1) tweet(n);
    app = await startIngestion(
      loadConfig(IngestionConfigSchema, {
        ...process.env,
        ...env,
        X_API_BASE_URL: baseUrl,
        X_BEARER_TOKEN: TOKEN,
        X_MENTIONS_ACCOUNTS: `${BRAND}:BrandCares`,
        X_POLL_INTERVAL_MS: '200',
        // This spec checks the exact since_id of each request; the overlap window has its own test.
        X_POLL_OVERLAP_MS: '0',
        X_PAGE_SIZE: '5',
        X_PUBLISH_CHUNK: '5',
      }),
    );
    await waitFor(async () => (await checkpoints.load(SOURCE)) === posted[26], {
      what: 'the checkpoint to reach the newest tweet',
    });
    const resumed = fakeX.requestsTo(`/2/users/${BRAND}/mentions`)[5];
    expect(resumed.query).toMatchObject({ since_id: posted[9], max_results: '5' });
    expect(resumed.query['tweet.fields']).toContain('conversation_id');

    const messages = await readAll(kafka, topic, 27);
    expect(await topicMessageCount(kafka, topic)).toBe(27);
    const published = messages.map((m) => JSON.parse(m.value) as SocialMention);
    expect(published.map((m) => m.externalId).sort()).toEqual([...posted].sort());
    expect(published.find((m) => m.externalId === posted[26])).toMatchObject({
      platform: 'x',
      authorId: '202',
      authorHandle: 'customer_2',
      authorMetrics: { followers: 12, verified: false },
      targetAccount: 'BrandCares',
      source: SOURCE,
    });
    const poller = (await sources()).find((s) => s.name === SOURCE);
    expect(poller).toMatchObject({ kind: 'x-polling', status: { state: 'running' } });
    // The 10 published before the crash were the other process's; this one published the rest.
    expect(poller!.metrics).toMatchObject({ received: 17, published: 17, deadLettered: 0 });
    expect(poller!.metrics.lastSuccessAt).not.toBeNull();
  });

  it('waits out a 429 until x-rate-limit-reset, reporting it, without asking again before then', async () => {
    const before = fakeX.requestsTo(`/2/users/${BRAND}/mentions`).length;
    fakeX.rateLimitNext(1, 2);
    for (let n = 27; n < 30; n += 1) tweet(n);
    const limited = await waitFor(
      async () => (await sources()).find((s) => s.status.state === 'rate-limited')?.status,
      { what: 'the source to report the rate limit' },
    );
    await waitFor(async () => (await topicMessageCount(kafka, topic)) === 30, {
      what: 'the tweets posted during the rate limit',
    });
    const after = fakeX.requestsTo(`/2/users/${BRAND}/mentions`).slice(before);
    const throttled = after.findIndex((r) => r.status === 429);
    expect(throttled).toBeGreaterThanOrEqual(0);
    const until = Date.parse((limited as { until: string }).until);
    // The very next request came after the reset X announced: no spinning in between.
    expect(after[throttled + 1].at).toBeGreaterThanOrEqual(until);
    expect(after[throttled + 1].status).toBe(200);
    expect(await topicMessageCount(kafka, topic)).toBe(30);
    const poller = (await sources()).find((s) => s.name === SOURCE)!;
    expect(poller.metrics.rateLimitWaits).toBeGreaterThanOrEqual(1);
  });
  it('shows the brand posts without a case (held by the matcher, or ignored with the reason) on GET /v1/sources', async () => {
    const held = new HeldBrandPostRepository(new Database(dataSource));
    const reply = (externalId: string) => ({
      mention: aMention({ externalId, direction: 'outbound', authorId: BRAND, inReplyToId: '42' }),
      publishedAt: new Date(),
    });
    const now = new Date();
    await held.hold([reply('9100000000000001'), reply('9100000000000002')], now, now);
    await held.ignore([reply('9100000000000002')], 'no-case-for-thread', now);
    const response = await fetch(
      `${(await app!.getUrl()).replace('[::1]', '127.0.0.1')}/v1/sources`,
      { headers: { authorization: `Bearer ${env.INGESTION_OPERATOR_TOKEN}` } },
    );
    expect(
      ((await response.json()) as { brandPostsWithoutCase: unknown }).brandPostsWithoutCase,
    ).toEqual([{ platform: 'x', held: 1, ignored: { 'no-case-for-thread': 1 } }]);
  });
});
