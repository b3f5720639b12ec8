import type { INestApplication } from '@nestjs/common';
import { loadConfig } from '@scb/config';
import { qualifiedTopic, Topics } from '@scb/contracts';
import { signSha256, timestampedSignatureHeaders } from '@scb/social-sources';
import {
  appUrl,
  clearDedupKeys,
  dropTopics,
  genericWebhookMention,
  isolatedEnv,
  pageFeedComment,
  readAll,
  testKafka,
  sendRaw,
  topicMessageCount,
} from '@scb/testing';
import { startIngestion } from './ingestion.app';
import { IngestionConfigSchema } from './ingestion.config';

const SECRET = 'bad-bytes-webhook-secret';
const APP_SECRET = 'bad-bytes-meta-app-secret';

/** Issue #14.9 on ingestion: NUL and invalid UTF-8 are refused at the door, with the field. */
describe('webhooks: NUL characters and invalid UTF-8 (real HTTP server and Kafka)', () => {
  const env = isolatedEnv('badbyteswh');
  const kafka = testKafka('scb-bad-bytes-webhook-test');
  const topic = qualifiedTopic(env.KAFKA_TOPIC_PREFIX, Topics.mentions);
  const dlq = qualifiedTopic(env.KAFKA_TOPIC_PREFIX, Topics.mentionsDeadLetter);
  let app: INestApplication;
  let base: string;

  const post = (path: string, body: string | Buffer, header: Record<string, string>) =>
    sendRaw(`${base}${path}`, 'POST', body, header);
  const generic = (body: string | Buffer) =>
    post('/v1/webhooks/mentions', body, timestampedSignatureHeaders(SECRET, body));

  beforeAll(async () => {
    app = await startIngestion(
      loadConfig(IngestionConfigSchema, {
        ...process.env,
        ...env,
        WEBHOOK_SECRET: SECRET,
        META_APP_SECRET: APP_SECRET,
      }),
    );
    base = await appUrl(app);
  });
  afterAll(async () => {
    await app?.close();
    await dropTopics(kafka, env.KAFKA_TOPIC_PREFIX);
    await clearDedupKeys(env.KAFKA_TOPIC_PREFIX);
  });

  it('generic webhook: a NUL in a mention → 400 problem naming the item and field; the valid item is published, the bad one dead-lettered', async () => {
    const response = await generic(
      JSON.stringify([
        genericWebhookMention('clean'),
        genericWebhookMention('nul', 'hello\u0000world'),
      ]),
    );
    expect(response.status).toBe(400);
    expect(response.type).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({
      status: 400,
      detail: expect.stringMatching(/1\.text: .*NUL/),
      accepted: 1,
      rejected: 1,
      results: [
        { index: 0, status: 'accepted', externalId: 'clean' },
        { index: 1, status: 'rejected', errors: [{ path: 'text', message: expect.any(String) }] },
      ],
    });
    const [letter] = await readAll(kafka, dlq, 1);
    expect(letter.value).toMatch(/item 1: text: .*NUL/);
    expect(await topicMessageCount(kafka, topic)).toBe(1);
  });

  it('generic webhook: a NUL in any field (author id, key) is refused alike', async () => {
    const response = await generic(
      JSON.stringify({ ...genericWebhookMention('nul-author'), authorId: 'a\u0000' }),
    );
    expect(response.status).toBe(400);
    expect(response.json()).toMatchObject({ accepted: 0, rejected: 1 });
    expect(await topicMessageCount(kafka, topic)).toBe(1);
  });

  it('generic webhook: bytes that are not UTF-8 inside a valid JSON string → 400, never U+FFFD', async () => {
    const body = Buffer.concat([
      Buffer.from(JSON.stringify(genericWebhookMention('latin1', 'caf')).replace('"caf"', '"caf')),
      Buffer.from([0xe9, 0x22, 0x7d]),
    ]);
    const response = await generic(body);
    expect(response.status).toBe(400);
    expect(response.type).toMatch(/^application\/problem\+json/);
    expect(JSON.stringify(response.json())).toMatch(/UTF-8/);
    expect(await topicMessageCount(kafka, topic)).toBe(1);
  });

  it("Meta webhook: a NUL in an event's text is repaired to U+FFFD and recorded, the event kept (platform data is never dropped)", async () => {
    const payload = pageFeedComment({ message: 'broken\u0000text', comment_id: '1_2' });
    const body = JSON.stringify(payload);
    const response = await post('/v1/webhooks/meta', body, {
      'x-hub-signature-256': signSha256(APP_SECRET, body),
    });
    expect(response.status).toBe(200);
    expect(response.json()).toMatchObject({ accepted: 1, rejected: 0 });
    const published = (await readAll(kafka, topic, 2)).map(
      (l) => JSON.parse(l.value) as { externalId: string; text: string; repairs: string[] },
    );
    expect(published.find((m) => m.externalId === '1_2')).toMatchObject({
      text: 'broken\uFFFDtext',
      repairs: expect.arrayContaining(['text:nul']) as unknown,
    });
  });

  it('errors are problem+json and unknown query parameters are refused, naming them', async () => {
    const unsigned = await post('/v1/webhooks/mentions', '{}', {});
    expect(unsigned.status).toBe(401);
    expect(unsigned.type).toMatch(/^application\/problem\+json/);
    expect(unsigned.json()).toMatchObject({ status: 401, title: 'Unauthorized' });
    const body = JSON.stringify(genericWebhookMention('q'));
    const unknown = await post(
      '/v1/webhooks/mentions?dryRun=1',
      body,
      timestampedSignatureHeaders(SECRET, body),
    );
    expect(unknown.status).toBe(400);
    expect(unknown.json()).toMatchObject({ errors: [{ path: 'query.dryRun' }] });
    const sources = await fetch(`${base}/v1/sources?verbose=true`);
    expect(sources.status).toBe(400);
    expect(sources.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const missing = await fetch(`${base}/v1/nothing-here`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });
});
