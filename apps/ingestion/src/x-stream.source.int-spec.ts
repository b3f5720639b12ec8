import type { INestApplication } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { loadConfig } from '@scb/config';
import { qualifiedTopic, Topics, type SocialMention } from '@scb/contracts';
import { ensureTopics } from '@scb/messaging';
import { Database, SourceCheckpointRepository } from '@scb/persistence';
import type { SourceReport } from '@scb/social-sources';
import {
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

const TOKEN = 'fake-x-bearer-token-0123456789';
const USER_TOKEN = 'brand-oauth2-user-token-0123456789';
const BRAND = '1000';
const POLLER = `x-mentions:${BRAND}`;

describe('X filtered stream through twitter-api-v2 against a fake X, next to polling', () => {
  const env = isolatedEnv('xstream');
  const kafka = testKafka('scb-xstream-test');
  const topic = qualifiedTopic(env.KAFKA_TOPIC_PREFIX, Topics.mentions);
  const dlq = qualifiedTopic(env.KAFKA_TOPIC_PREFIX, Topics.mentionsDeadLetter);
  const fakeX = new FakeXServer(TOKEN, { heartbeatMs: 200, userToken: USER_TOKEN });
  const posted: string[] = [];
  let dataSource: DataSource;
  let dropDatabase: () => Promise<void>;
  let app: INestApplication | null = null;
  let stale: string;
  let kept: string;

  const tweet = (text: string) => {
    const id = fakeX.post('201', `@BrandCares ${text}`, [BRAND]).id;
    posted.push(id);
    return id;
  };
  const sources = async () => {
    const url = (await app!.getUrl()).replace('[::1]', '127.0.0.1');
    return (
      (await (
        await fetch(`${url}/v1/sources`, {
          headers: { authorization: `Bearer ${env.INGESTION_OPERATOR_TOKEN}` },
        })
      ).json()) as { sources: SourceReport[] }
    ).sources;
  };
  const streamReport = async () => (await sources()).find((s) => s.name === 'x-stream')!;
  const checkpointAt = async (id: string) =>
    (await new SourceCheckpointRepository(new Database(dataSource)).load(POLLER)) === id;
  const onKafka = async () =>
    (await readAll(kafka, topic, posted.length)).map((m) => JSON.parse(m.value) as SocialMention);

  beforeAll(async () => {
    const baseUrl = await fakeX.start();
    fakeX.addUser(BRAND, 'BrandCares', 50_000);
    fakeX.addUser('201', 'customer_1', 12);
    stale = fakeX.stream.seedRule('@OldBrand -is:retweet', 'brand:OldBrand').id;
    kept = fakeX.stream.seedRule('@BrandCares -is:retweet', 'brand:BrandCares').id;
    ({ dataSource, drop: dropDatabase } = await freshDatabase(env.DB_SCHEMA));
    await ensureTopics(kafka, [
      { topic, numPartitions: 3 },
      { topic: dlq, numPartitions: 1 },
    ]);
    app = await startIngestion(
      loadConfig(IngestionConfigSchema, {
        ...process.env,
        ...env,
        X_API_BASE_URL: baseUrl,
        X_BEARER_TOKEN: TOKEN,
        X_USER_ACCESS_TOKEN: USER_TOKEN,
        X_MENTIONS_ACCOUNTS: `${BRAND}:BrandCares`,
        X_POLL_INTERVAL_MS: '400',
        // Counts exact duplicates; the overlap window re-reads (and counts) posts on every poll.
        X_POLL_OVERLAP_MS: '0',
        X_STREAM_ENABLED: 'true',
        X_STREAM_KEYWORDS: 'brandcares outage',
        X_STREAM_BACKOFF_MS: '200',
        X_STREAM_MAX_BACKOFF_MS: '1000',
        X_STREAM_STALL_MS: '5000',
      }),
    );
  });

  afterAll(async () => {
    await app?.close();
    await fakeX.stop();
    await dropTopics(kafka, env.KAFKA_TOPIC_PREFIX);
    await clearDedupKeys(env.KAFKA_TOPIC_PREFIX);
    await dropDatabase();
  });

  it('keeps the rules in sync: stale deleted, matching left alone, missing added', async () => {
    await waitFor(async () => fakeX.stream.connected === 1, { what: 'the stream connection' });
    const rules = fakeX.stream.activeRules;
    expect(rules.map((r) => [r.value, r.tag]).sort()).toEqual([
      ['@BrandCares -is:retweet', 'brand:BrandCares'],
      ['brandcares outage', 'keyword:brandcares outage'],
    ]);
    expect(rules.find((r) => r.value.startsWith('@BrandCares'))!.id).toBe(kept);
    expect(rules.some((r) => r.id === stale)).toBe(false);
    const connect = fakeX
      .requestsTo('/2/tweets/search/stream')
      .find((r) => r.path === '/2/tweets/search/stream')!;
    // The same fields and expansions as polling, so a streamed mention is as complete.
    expect(connect.query['tweet.fields']).toContain('conversation_id');
    expect(connect.query.expansions).toBe('author_id');
    expect(connect.query['user.fields']).toContain('public_metrics');
    expect(await streamReport()).toMatchObject({ kind: 'x-stream', status: { state: 'running' } });
    // The stream and its rules with the app-only token (X allows no other); the brand's
    // mention timeline with its OAuth 2 user-context token.
    const auth = (prefix: string) =>
      new Set(fakeX.requests.filter((r) => r.path.startsWith(prefix)).map((r) => r.auth));
    expect(auth('/2/tweets/search/stream')).toEqual(new Set(['app']));
    await waitFor(async () => fakeX.requestsTo(`/2/users/${BRAND}/mentions`).length > 0, {
      what: 'the first poll',
    });
    expect(auth(`/2/users/${BRAND}/mentions`)).toEqual(new Set(['user']));
  });

  it('publishes a streamed post once although polling sees it too', async () => {
    const id = tweet('my order is late');
    await waitFor(async () => checkpointAt(id), { what: 'polling to read the streamed post' });
    const published = await onKafka();
    expect(published.filter((m) => m.externalId === id)).toHaveLength(1);
    expect(await topicMessageCount(kafka, topic)).toBe(1);
    const mention = published[0];
    expect(mention).toMatchObject({
      platform: 'x',
      authorId: '201',
      authorHandle: 'customer_1',
      authorMetrics: { followers: 12, verified: false },
      targetAccount: 'BrandCares',
      conversationId: id,
      lang: 'en',
    });
    const report = await sources();
    const stream = report.find((s) => s.name === 'x-stream')!.metrics;
    const poller = report.find((s) => s.name === POLLER)!.metrics;
    // Whichever saw it first published it; the other counted a duplicate.
    expect(stream.published + poller.published).toBe(1);
    expect(stream.duplicates + poller.duplicates).toBe(1);
  });

  it('reconnects after a drop, waits out a 429 on reconnect, and posts sent meanwhile arrive once', async () => {
    fakeX.rateLimitNext(1, 2, '/2/tweets/search/stream');
    fakeX.stream.dropConnections();
    const missed = [tweet('anyone there?'), tweet('hello again')];
    const limited = await waitFor(
      async () => {
        const s = (await streamReport()).status;
        return s.state === 'rate-limited' ? s : undefined;
      },
      { what: 'the stream to report the 429 on reconnect' },
    );
    await waitFor(async () => fakeX.stream.connected === 1, {
      what: 'the stream to reconnect after the reset',
      timeoutMs: 30_000,
    });
    const attempts = fakeX.requests.filter((r) => r.path === '/2/tweets/search/stream');
    expect(attempts.map((r) => r.status)).toEqual([200, 429, 200]);
    expect(attempts[2].at).toBeGreaterThanOrEqual(Date.parse(limited!.until));

    const after = tweet('brandcares outage since noon');
    await waitFor(async () => checkpointAt(after), { what: 'polling to catch up' });
    const published = await onKafka();
    for (const id of [...missed, after])
      expect(published.filter((m) => m.externalId === id)).toHaveLength(1);
    expect(await topicMessageCount(kafka, topic)).toBe(posted.length);
    // Posts sent while the stream was down can only have come from polling.
    expect(published.filter((m) => missed.includes(m.externalId)).map((m) => m.source)).toEqual([
      POLLER,
      POLLER,
    ]);
    const stream = await streamReport();
    expect(stream.status.state).toBe('running');
    expect(stream.metrics).toMatchObject({ reconnects: 1, rateLimitWaits: 1 });
    expect(stream.metrics.lastError?.reason).toMatch(/stream disconnected/);
    // The same counters for dashboards that scrape Prometheus text.
    const url = (await app!.getUrl()).replace('[::1]', '127.0.0.1');
    const scraped = await fetch(`${url}/v1/sources/metrics`, {
      headers: { authorization: `Bearer ${env.INGESTION_OPERATOR_TOKEN}` },
    });
    expect(scraped.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await scraped.text()).toContain(
      'scb_ingestion_source_reconnects_total{source="x-stream",kind="x-stream"} 1',
    );
  });

  it('dead-letters an unreadable stream line and keeps streaming', async () => {
    fakeX.stream.sendRaw('{"data": {"id": 42}}');
    await waitFor(async () => (await topicMessageCount(kafka, dlq)) === 1, {
      what: 'the malformed line on the dead-letter topic',
    });
    const id = tweet('still here');
    await waitFor(async () => checkpointAt(id), { what: 'the next post' });
    expect((await onKafka()).filter((m) => m.externalId === id)).toHaveLength(1);
    expect((await streamReport()).metrics.deadLettered).toBe(1);
  });
});
