import { randomUUID } from 'node:crypto';
import { qualifiedTopic, Topics } from '@scb/contracts';
import { ensureTopics } from '@scb/messaging';
import { signSha256, timestampedSignatureHeaders, type SourceReport } from '@scb/social-sources';
import {
  captureOutput,
  clearDedupKeys,
  createTestApp,
  dropTopics,
  FakeXServer,
  isolatedEnv,
  leakedSecrets,
  pageFeedComment,
  testKafka,
  waitFor,
  type TestApp,
} from '@scb/testing';

const BRAND = '1000';

describe('secrets never appear in ingestion responses or logs (a full run, verbose logs)', () => {
  const env = isolatedEnv('inglk');
  const kafka = testKafka('scb-ingestion-leak-test');
  // Every secret the service is configured with, unique to this run (so a hit is a real leak).
  const secrets: Record<string, string> = {
    WEBHOOK_SECRET: `webhook-${randomUUID()}`,
    META_APP_SECRET: `meta-app-${randomUUID()}`,
    META_VERIFY_TOKEN: `verify-${randomUUID()}`,
    X_BEARER_TOKEN: `x-bearer-${randomUUID()}`,
    X_USER_ACCESS_TOKEN: `x-user-${randomUUID()}`,
    INGESTION_OPERATOR_TOKEN: `operator-${randomUUID()}`,
  };
  const operator = { headers: { authorization: `Bearer ${secrets.INGESTION_OPERATOR_TOKEN}` } };
  /** The forms a secret could take on the wire or in a dump besides itself. */
  const forms = Object.fromEntries(
    Object.entries(secrets).flatMap(([name, value]) => [
      [name, value],
      [`${name} (base64)`, Buffer.from(value).toString('base64')],
      [`${name} (hex)`, Buffer.from(value).toString('hex')],
    ]),
  );
  const fakeX = new FakeXServer(secrets.X_BEARER_TOKEN, {
    heartbeatMs: 200,
    userToken: secrets.X_USER_ACCESS_TOKEN,
  });
  let app: TestApp | undefined;
  let base: string;
  /** Every response header and body the service gave. */
  const responses: string[] = [];

  const call = async (path: string, init: RequestInit = {}) => {
    const response = await fetch(`${base}${path}`, init);
    const text = await response.text();
    responses.push(JSON.stringify([...response.headers]), text);
    return { status: response.status, text };
  };
  const post = (path: string, body: string, headers: Record<string, string>) =>
    call(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
  const sources = async () =>
    (JSON.parse((await call('/v1/sources', operator)).text) as { sources: SourceReport[] }).sources;
  /** Waits until X answered `status` on each of these paths (every source met the error). */
  const answered = (status: number, paths: string[]) =>
    waitFor(
      async () =>
        paths.every((path) => fakeX.requests.some((r) => r.path === path && r.status === status)),
      { what: `HTTP ${status} from the fake X on ${paths.join(', ')}`, timeoutMs: 30_000 },
    );
  const xPaths = [`/2/users/${BRAND}/mentions`, '/2/tweets/search/recent'];

  beforeAll(async () => {
    await ensureTopics(kafka, [
      { topic: qualifiedTopic(env.KAFKA_TOPIC_PREFIX, Topics.mentions), numPartitions: 1 },
      {
        topic: qualifiedTopic(env.KAFKA_TOPIC_PREFIX, Topics.mentionsDeadLetter),
        numPartitions: 1,
      },
    ]);
  });

  afterAll(async () => {
    await app?.close();
    await fakeX.stop();
    await dropTopics(kafka, env.KAFKA_TOPIC_PREFIX);
    await clearDedupKeys(env.KAFKA_TOPIC_PREFIX);
  });

  it('keeps every token and app secret out of responses and logs', async () => {
    const logs = await captureOutput(async () => {
      const xUrl = await fakeX.start();
      fakeX.addUser(BRAND, 'BrandCares', 50_000);
      fakeX.addUser('201', 'customer_1', 12);
      const ingestion = await createTestApp('ingestion', {
        ...env,
        ...secrets,
        LOG_LEVEL: 'verbose',
        X_API_BASE_URL: xUrl,
        X_MENTIONS_ACCOUNTS: `${BRAND}:BrandCares`,
        X_SEARCH_QUERIES: 'brandcares',
        X_POLL_INTERVAL_MS: '300',
        X_STREAM_ENABLED: 'true',
        X_STREAM_KEYWORDS: 'brandcares outage',
        X_STREAM_BACKOFF_MS: '200',
        X_STREAM_MAX_BACKOFF_MS: '1000',
        X_STREAM_STALL_MS: '5000',
        SOURCE_METRICS_LOG_MS: '2000',
      });
      app = ingestion;
      base = ingestion.baseUrl;
      await exerciseX();
      await exerciseWebhooks();
      await call('/v1/sources', operator);
      await call('/v1/sources/metrics', operator);
      await call('/health');
      // X gone altogether: connection errors (which carry the request they failed) on every source.
      const failuresBefore = await errorCount();
      await fakeX.stop();
      await waitFor(async () => (await errorCount()) >= failuresBefore + 3, {
        what: 'connection errors with X gone',
        timeoutMs: 30_000,
      });
      await call('/v1/sources', operator);
      await call('/v1/sources/metrics', operator);
      await call('/health');
      await ingestion.close();
    });

    expect({
      responses: leakedSecrets(forms, responses.join('\n')),
      logs: leakedSecrets(forms, logs),
    }).toEqual({ responses: [], logs: [] });
    // The run did log the error paths (so an empty or quiet capture cannot pass).
    expect(logs).toMatch(/HTTP 401/);
    expect(logs).toMatch(/request failed: connect ECONNREFUSED/);
  }, 180_000);

  async function errorCount(): Promise<number> {
    return (await sources()).reduce((sum, s) => sum + s.metrics.errors, 0);
  }

  async function exerciseX(): Promise<void> {
    fakeX.post('201', '@BrandCares brandcares outage again', [BRAND]);
    await waitFor(async () => fakeX.stream.connected === 1, { what: 'the stream connection' });
    await answered(200, xPaths);
    fakeX.post('201', '@BrandCares brandcares outage still', [BRAND]);

    // A revoked token: 401 on the polls, on the stream's reconnect and its rules.
    fakeX.refuseNext(1_000_000);
    fakeX.stream.dropConnections();
    await answered(401, [...xPaths, '/2/tweets/search/stream']);
    fakeX.refuseNext(0);
    await waitFor(async () => fakeX.stream.connected === 1, {
      what: 'the stream back',
      timeoutMs: 30_000,
    });

    // Rate limited everywhere, then X failing (503).
    fakeX.rateLimitNext(1_000_000, 1);
    fakeX.stream.dropConnections();
    await answered(429, xPaths);
    await waitFor(
      async () => (await sources()).some((source) => source.metrics.rateLimitWaits > 0),
      { what: 'a source waiting out the rate limit' },
    );
    fakeX.rateLimitNext(0);
    fakeX.failNext(1_000_000);
    fakeX.stream.dropConnections();
    await answered(503, xPaths);
    fakeX.failNext(0);
    await waitFor(async () => fakeX.stream.connected === 1, {
      what: 'the stream back',
      timeoutMs: 30_000,
    });
  }

  async function exerciseWebhooks(): Promise<void> {
    const verify = (token: string) =>
      call(
        `/v1/webhooks/meta?hub.mode=subscribe&hub.verify_token=${token}&hub.challenge=1158201444`,
      );
    expect((await verify(secrets.META_VERIFY_TOKEN)).status).toBe(200);
    expect((await verify(`wrong-${randomUUID()}`)).status).toBe(403);
    expect((await call('/v1/webhooks/meta?hub.mode=subscribe')).status).toBe(403);

    const meta = JSON.stringify(pageFeedComment());
    const signedMeta = (secret: string) => ({
      'x-hub-signature-256': signSha256(secret, meta),
    });
    expect(
      (await post('/v1/webhooks/meta', meta, signedMeta(secrets.META_APP_SECRET))).status,
    ).toBe(200);
    expect((await post('/v1/webhooks/meta', meta, signedMeta('not-the-app-secret'))).status).toBe(
      401,
    );
    expect((await post('/v1/webhooks/meta', meta, {})).status).toBe(401);
    expect(
      (await post('/v1/webhooks/meta', '{not json', signedMeta(secrets.META_APP_SECRET))).status,
    ).toBeGreaterThanOrEqual(400);

    const mention = JSON.stringify({
      platform: 'other',
      externalId: `leak-${randomUUID()}`,
      authorId: 'author-1',
      text: '@Brand my order never came',
      createdAt: '2026-01-01T10:00:00Z',
    });
    const signed = (secret: string, body: string) => timestampedSignatureHeaders(secret, body);
    const generic = '/v1/webhooks/mentions';
    expect((await post(generic, mention, signed(secrets.WEBHOOK_SECRET, mention))).status).toBe(
      202,
    );
    expect((await post(generic, mention, signed('not-the-webhook-secret', mention))).status).toBe(
      401,
    );
    expect((await post(generic, mention, {})).status).toBe(401);
    const notJson = '{"platform": ';
    expect(
      (await post(generic, notJson, signed(secrets.WEBHOOK_SECRET, notJson))).status,
    ).toBeGreaterThanOrEqual(400);
    const invalid = JSON.stringify({ platform: 'other', text: 'no id, no author' });
    expect(
      (await post(generic, invalid, signed(secrets.WEBHOOK_SECRET, invalid))).status,
    ).toBeGreaterThanOrEqual(400);
  }
});
