import type { INestApplication } from '@nestjs/common';
import { loadConfig } from '@scb/config';
import { qualifiedTopic, SocialMentionSchema, Topics } from '@scb/contracts';
import { signSha256 } from '@scb/social-sources';
import {
  clearDedupKeys,
  dropTopics,
  instagramComment,
  isolatedEnv,
  messengerMessage,
  pageFeedComment,
  readAll,
  testKafka,
  topicMessageCount,
} from '@scb/testing';
import { startIngestion } from './ingestion.app';
import { IngestionConfigSchema } from './ingestion.config';

const APP_SECRET = 'meta-app-secret-for-tests-0001';
const VERIFY_TOKEN = 'verify-me-please';

describe('/v1/webhooks/meta on the real HTTP server and Kafka', () => {
  const env = isolatedEnv('meta');
  const kafka = testKafka('scb-meta-test');
  const topic = qualifiedTopic(env.KAFKA_TOPIC_PREFIX, Topics.mentions);
  const dlq = qualifiedTopic(env.KAFKA_TOPIC_PREFIX, Topics.mentionsDeadLetter);
  let app: INestApplication;
  let base: string;

  const deliver = async (payload: unknown, signature?: string | null) => {
    const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
    const header = signature === undefined ? signSha256(APP_SECRET, body) : signature;
    const response = await fetch(`${base}/v1/webhooks/meta`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(header ? { 'x-hub-signature-256': header } : {}),
      },
      body,
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    app = await startIngestion(
      loadConfig(IngestionConfigSchema, {
        ...process.env,
        ...env,
        META_APP_SECRET: APP_SECRET,
        META_VERIFY_TOKEN: VERIFY_TOKEN,
      }),
    );
    base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  });

  afterAll(async () => {
    await app?.close();
    await dropTopics(kafka, env.KAFKA_TOPIC_PREFIX);
    await clearDedupKeys(env.KAFKA_TOPIC_PREFIX);
  });

  it('answers the verification handshake with the challenge, and 403 to a wrong token', async () => {
    const ok = await fetch(
      `${base}/v1/webhooks/meta?hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=1158201444`,
    );
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('1158201444');
    const wrong = await fetch(
      `${base}/v1/webhooks/meta?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1`,
    );
    expect(wrong.status).toBe(403);
  });

  it('refuses a wrong or missing X-Hub-Signature-256 with 401', async () => {
    expect((await deliver(pageFeedComment(), null)).status).toBe(401);
    expect(
      (await deliver(pageFeedComment(), signSha256('some-other-app-secret', '{}'))).status,
    ).toBe(401);
  });

  it('publishes feed comments, Messenger and Instagram comments as mentions once Kafka has them', async () => {
    const responses = [
      await deliver(pageFeedComment()),
      await deliver(messengerMessage()),
      await deliver(instagramComment()),
    ];
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(responses[1].body).toEqual({ accepted: 1, ignored: 1, rejected: 0, duplicates: 0 });

    const mentions = (await readAll(kafka, topic, 3)).map((m) =>
      SocialMentionSchema.parse(JSON.parse(m.value)),
    );
    expect(mentions.map((m) => `${m.platform}:${m.externalId}`).sort()).toEqual([
      'facebook:880011223344_990000111',
      'facebook:m_AbCdEf0123456789',
      'instagram:17865799348089039',
    ]);
  });

  it('answers 400 to a body that is not a delivery, dead-letters broken events, and keeps serving', async () => {
    expect((await deliver('{"object":')).status).toBe(400);
    const broken = await deliver(pageFeedComment({ from: undefined }));
    expect(broken).toEqual({
      status: 200,
      body: { accepted: 0, ignored: 0, rejected: 1, duplicates: 0 },
    });
    const letters = await readAll(kafka, dlq, 2);
    expect(letters.map((l) => (JSON.parse(l.value) as { reason: string }).reason)).toEqual(
      expect.arrayContaining([expect.stringMatching(/feed comment: from/)]),
    );
    expect((await deliver(pageFeedComment({ comment_id: '880011223344_990000222' }))).status).toBe(
      200,
    );
    expect(await topicMessageCount(kafka, topic)).toBe(4);
  });
});
