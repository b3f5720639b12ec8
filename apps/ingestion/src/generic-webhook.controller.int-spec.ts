import type { INestApplication } from '@nestjs/common';
import { loadConfig } from '@scb/config';
import { qualifiedTopic, Topics } from '@scb/contracts';
import { signSha256, signTimestamped, type SourceReport } from '@scb/social-sources';
import {
  clearDedupKeys,
  dropTopics,
  isolatedEnv,
  readAll,
  testKafka,
  topicMessageCount,
} from '@scb/testing';
import { startIngestion } from './ingestion.app';
import { IngestionConfigSchema } from './ingestion.config';

const SECRET = 'generic-webhook-test-secret';

const mention = (id: string, authorId = 'author-1') => ({
  platform: 'other',
  externalId: id,
  authorId,
  text: '@Brand my order never came',
  createdAt: '2026-01-01T10:00:00Z',
});

describe('POST /v1/webhooks/mentions on the real HTTP server and Kafka', () => {
  const env = isolatedEnv('webhook');
  const kafka = testKafka('scb-webhook-test');
  const topic = qualifiedTopic(env.KAFKA_TOPIC_PREFIX, Topics.mentions);
  const dlq = qualifiedTopic(env.KAFKA_TOPIC_PREFIX, Topics.mentionsDeadLetter);
  let app: INestApplication;
  let unconfigured: INestApplication;

  const start = (extra: Record<string, string>) =>
    startIngestion(
      loadConfig(IngestionConfigSchema, {
        ...process.env,
        ...env,
        WEBHOOK_MAX_BYTES: '4096',
        ...extra,
      }),
    );
  const url = async (a: INestApplication) => (await a.getUrl()).replace('[::1]', '127.0.0.1');
  const post = async (
    body: string,
    /** By default signed as a sender does: the timestamp and the body. */
    signature?: string | null,
    target = app,
    timestamp = Math.floor(Date.now() / 1000),
  ) => {
    const signed = signature === undefined ? signTimestamped(SECRET, timestamp, body) : signature;
    const response = await fetch(`${await url(target)}/v1/webhooks/mentions`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-scb-timestamp': String(timestamp),
        ...(signed ? { 'x-scb-signature': signed } : {}),
      },
      body,
    });
    const text = await response.text();
    return {
      status: response.status,
      text,
      json: () => JSON.parse(text) as Record<string, unknown>,
    };
  };

  beforeAll(async () => {
    app = await start({ WEBHOOK_SECRET: SECRET });
    unconfigured = await start({});
  });

  afterAll(async () => {
    await app?.close();
    await unconfigured?.close();
    await dropTopics(kafka, env.KAFKA_TOPIC_PREFIX);
    await clearDedupKeys(env.KAFKA_TOPIC_PREFIX);
  });

  it('refuses a missing or wrong signature with 401 and publishes nothing', async () => {
    const body = JSON.stringify(mention('unsigned'));
    expect((await post(body, null)).status).toBe(401);
    expect((await post(body, signSha256('not-the-secret-at-all', body))).status).toBe(401);
    expect((await post(body, signSha256(SECRET, `${body} `))).status).toBe(401);
  });

  it('answers 503 with the reason when no secret is configured', async () => {
    const body = JSON.stringify(mention('nosecret'));
    const response = await post(body, signSha256(SECRET, body), unconfigured);
    expect(response.status).toBe(503);
    expect(response.json().message).toMatch(/webhook disabled: WEBHOOK_SECRET is not configured/);
  });

  it('publishes the valid items of a batch, lists the invalid ones and dead-letters them', async () => {
    const body = JSON.stringify([
      mention('w-1', 'author-1'),
      { ...mention('w-bad'), createdAt: 'tomorrow', platform: 'myspace' },
      mention('w-2', 'author-2'),
    ]);
    const response = await post(body);
    expect(response.status).toBe(400);
    // RFC 9457 problem+json: the standard members, then the per-item report as extensions.
    expect(response.json()).toEqual({
      type: expect.stringMatching(/mentions-rejected$/),
      title: 'Bad Request',
      status: 400,
      statusCode: 400,
      detail: expect.stringMatching(/^1 of 3 mentions rejected/),
      message: expect.stringMatching(/^1 of 3 mentions rejected/),
      accepted: 2,
      rejected: 1,
      duplicates: 0,
      results: [
        { index: 0, status: 'accepted', externalId: 'w-1' },
        {
          index: 1,
          status: 'rejected',
          errors: expect.arrayContaining([
            expect.objectContaining({ path: 'platform' }),
            expect.objectContaining({ path: 'createdAt' }),
          ]),
        },
        { index: 2, status: 'accepted', externalId: 'w-2' },
      ],
    });
    // Answered only after Kafka acknowledged: the mentions are there now.
    const published = await readAll(kafka, topic, 2);
    expect(published.map((m) => m.key).sort()).toEqual(['other:author-1', 'other:author-2']);
    expect(JSON.parse(published[0].value)).toMatchObject({ source: 'generic-webhook' });
    const [letter] = await readAll(kafka, dlq, 1);
    expect(JSON.parse(letter.value)).toMatchObject({ reason: expect.stringMatching(/item 1: /) });
  });

  it('accepts a single mention with 202', async () => {
    const response = await post(JSON.stringify(mention('w-3', 'author-3')));
    expect(response.status).toBe(202);
    expect(response.json()).toMatchObject({ accepted: 1, rejected: 0 });
    expect(await readAll(kafka, topic, 3)).toHaveLength(3);
    // The sender retries the same mention: accepted again, published once (dedup window).
    const retried = await post(JSON.stringify(mention('w-3', 'author-3')));
    expect(retried.status).toBe(202);
    expect(retried.json()).toMatchObject({ accepted: 1, duplicates: 1 });
  });

  it('answers 413 past the size limit and 400 to malformed JSON, and keeps serving', async () => {
    const huge = JSON.stringify({ ...mention('w-huge'), text: 'x'.repeat(5_000) });
    const tooLarge = await post(huge);
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.json().message).toMatch(/larger than 4096 bytes/);
    const malformed = await post('{"platform": "x",');
    expect(malformed.status).toBe(400);
    expect(malformed.json()).toMatchObject({
      errors: [{ message: expect.stringMatching(/malformed JSON/) }],
    });
    expect((await post(JSON.stringify(mention('w-4', 'author-4')))).status).toBe(202);
  });

  it('published exactly the accepted mentions: nothing unsigned, refused or too large', async () => {
    expect(await topicMessageCount(kafka, topic)).toBe(4);
    // The invalid batch item and the malformed body.
    expect(await topicMessageCount(kafka, dlq)).toBe(2);
  });

  it('reports its counters and state on GET /v1/sources', async () => {
    const sources = async (a: INestApplication) =>
      (
        (await (
          await fetch(`${await url(a)}/v1/sources`, {
            headers: { authorization: `Bearer ${env.INGESTION_OPERATOR_TOKEN}` },
          })
        ).json()) as { sources: SourceReport[] }
      ).sources;
    const webhook = (await sources(app)).find((s) => s.name === 'generic-webhook')!;
    expect(webhook).toMatchObject({ kind: 'generic-webhook', status: { state: 'listening' } });
    expect(webhook.metrics).toMatchObject({
      published: 4,
      duplicates: 1,
      deadLettered: 2,
      // Three refused signatures.
      errors: 3,
    });
    expect(webhook.metrics.lastSuccessAt).not.toBeNull();
    expect(webhook.metrics.lastError?.reason).toMatch(/signature/);
    expect((await sources(unconfigured)).find((s) => s.name === 'generic-webhook')).toMatchObject({
      status: { state: 'disabled', reason: 'WEBHOOK_SECRET is not configured' },
    });
  });

  it('refuses a signature without the signed timestamp, a moved timestamp and a replay after the tolerance', async () => {
    const body = JSON.stringify(mention('ts-1'));
    // The old scheme (the body alone) is replayable forever: refused unless the transition is on.
    const bodyOnly = await post(body, signSha256(SECRET, body));
    expect(bodyOnly.status).toBe(401);
    const now = Math.floor(Date.now() / 1000);
    const untimed = await fetch(`${await url(app)}/v1/webhooks/mentions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-scb-signature': signSha256(SECRET, body) },
      body,
    });
    expect(untimed.status).toBe(401);
    expect(await untimed.text()).toMatch(/X-SCB-Timestamp/);
    // A captured request with its timestamp moved forward: the signature no longer matches.
    expect((await post(body, signTimestamped(SECRET, now - 400, body), app, now)).status).toBe(401);
    // The captured request replayed as it was, after the 300 s tolerance.
    const stale = await post(body, undefined, app, now - 310);
    expect(stale.status).toBe(401);
    expect(stale.json().message).toMatch(/more than 300 s from the server's time/);
    expect((await post(body, undefined, app, now + 310)).status).toBe(401);
    // Within the tolerance either way (clock drift), accepted.
    expect((await post(body, undefined, app, now - 250)).status).toBe(202);
  });

  it('accepts the body-only signature only while WEBHOOK_ACCEPT_UNTIMESTAMPED is on, and still checks a timestamp when one is sent', async () => {
    const transition = await start({
      WEBHOOK_SECRET: SECRET,
      WEBHOOK_ACCEPT_UNTIMESTAMPED: 'true',
    });
    try {
      const body = JSON.stringify(mention('ts-2'));
      const untimed = await fetch(`${await url(transition)}/v1/webhooks/mentions`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-scb-signature': signSha256(SECRET, body),
        },
        body,
      });
      expect(untimed.status).toBe(202);
      const now = Math.floor(Date.now() / 1000);
      expect((await post(body, undefined, transition, now - 310)).status).toBe(401);
    } finally {
      await transition.close();
    }
  });

  it('shows /v1/sources only to the operator token (401 without or with a wrong one, 503 unconfigured)', async () => {
    const get = async (a: INestApplication, path: string, token?: string) =>
      (
        await fetch(`${await url(a)}${path}`, {
          headers: token ? { authorization: `Bearer ${token}` } : {},
        })
      ).status;
    for (const path of ['/v1/sources', '/v1/sources/metrics']) {
      expect(await get(app, path)).toBe(401);
      expect(await get(app, path, 'not-the-operator-token-at-all')).toBe(401);
      expect(await get(app, path, env.INGESTION_OPERATOR_TOKEN)).toBe(200);
    }
    const noToken = await start({ INGESTION_OPERATOR_TOKEN: '' });
    try {
      expect(await get(noToken, '/v1/sources', env.INGESTION_OPERATOR_TOKEN)).toBe(503);
    } finally {
      await noToken.close();
    }
  });
});
