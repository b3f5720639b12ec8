import type { INestApplication } from '@nestjs/common';
import { loadConfig } from '@scb/config';
import { qualifiedTopic, SocialMentionSchema, Topics } from '@scb/contracts';
import { signSha256 } from '@scb/social-sources';
import {
  clearDedupKeys,
  dropTopics,
  FakeMetaGraphServer,
  instagramMentions,
  isolatedEnv,
  META_IG_ACCOUNT_ID,
  readAll,
  testKafka,
} from '@scb/testing';
import { startIngestion } from './ingestion.app';
import { IngestionConfigSchema } from './ingestion.config';

const APP_SECRET = 'meta-app-secret-for-tests-0002';
const GRAPH_TOKEN = 'graph-read-token';

/**
 * Issue 13, kind 3: Instagram `mentions` events (no text of their own) are fetched through the
 * Graph API and published as customer mentions; a failed fetch is retried with backoff, then
 * dead-lettered with the reason. Real webhook HTTP path and Kafka; Meta stood in for by its wire
 * format.
 */
describe('Instagram mentions fetched through the Graph API (real webhook path and Kafka)', () => {
  const env = isolatedEnv('igmention');
  const kafka = testKafka('scb-igmention-test');
  const topic = qualifiedTopic(env.KAFKA_TOPIC_PREFIX, Topics.mentions);
  const dlq = qualifiedTopic(env.KAFKA_TOPIC_PREFIX, Topics.mentionsDeadLetter);
  const graph = new FakeMetaGraphServer(GRAPH_TOKEN);
  let app: INestApplication;
  let base: string;

  const deliver = async (payload: unknown) => {
    const body = JSON.stringify(payload);
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

  beforeAll(async () => {
    const graphUrl = await graph.start();
    graph.mentionedComments.set('17900000000000001', {
      id: '17900000000000001',
      text: '@acmecare my parcel AC-123456 never came',
      timestamp: '2026-11-30T07:00:00+0000',
      from: { id: '17841455500000001', username: 'dana.customer' },
      media: { id: '18000000000000077' },
    });
    graph.mentionedComments.set('17900000000000002', {
      id: '17900000000000002',
      text: '@acmecare still nothing',
      timestamp: '2026-11-30T07:10:00+0000',
      from: { id: '17841455500000001', username: 'dana.customer' },
      media: { id: '18000000000000077' },
    });
    graph.mentionedMedia.set('18000000000000088', {
      id: '18000000000000088',
      caption: 'Unboxing day, thanks @acmecare',
      timestamp: '2026-11-30T07:05:00+0000',
      username: 'lena.customer',
      owner: { id: '17841455500000002' },
    });
    app = await startIngestion(
      loadConfig(IngestionConfigSchema, {
        ...process.env,
        ...env,
        META_APP_SECRET: APP_SECRET,
        META_GRAPH_URL: graphUrl,
        META_GRAPH_ACCESS_TOKEN: GRAPH_TOKEN,
        META_MENTION_FETCH_ATTEMPTS: '3',
        META_MENTION_FETCH_DELAY_MS: '20',
      }),
    );
    base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  });

  afterAll(async () => {
    await app?.close();
    await graph.stop();
    await dropTopics(kafka, env.KAFKA_TOPIC_PREFIX);
    await clearDedupKeys(env.KAFKA_TOPIC_PREFIX);
  });

  it('publishes the mentioned comment and the mentioned caption as customer mentions, retrying a failed read', async () => {
    graph.failReadsNext = 1; // the first read fails once: retried after the backoff
    const response = await deliver(
      instagramMentions([
        { media_id: '18000000000000077', comment_id: '17900000000000001' },
        { media_id: '18000000000000088' },
      ]),
    );
    expect(response).toEqual({
      status: 200,
      body: { accepted: 2, ignored: 0, rejected: 0, duplicates: 0 },
    });
    const mentions = (await readAll(kafka, topic, 2))
      .map((m) => SocialMentionSchema.parse(JSON.parse(m.value)))
      .sort((a, b) => a.externalId.localeCompare(b.externalId));
    expect(mentions).toMatchObject([
      {
        platform: 'instagram',
        direction: 'inbound',
        externalId: '17900000000000001',
        authorId: '17841455500000001',
        authorHandle: 'dana.customer',
        text: '@acmecare my parcel AC-123456 never came',
        createdAt: '2026-11-30T07:00:00.000Z',
        conversationId: '18000000000000077',
        targetAccount: META_IG_ACCOUNT_ID,
      },
      {
        externalId: '18000000000000088',
        authorId: '17841455500000002',
        text: 'Unboxing day, thanks @acmecare',
      },
    ]);
    // The token went in the Authorization header; the fields asked are Meta's documented ones.
    expect(graph.reads.map((r) => r.placement)).not.toContain('query');
    expect(graph.reads.map((r) => r.path)).toContain(`/v21.0/${META_IG_ACCOUNT_ID}`);
  });

  it('dead-letters, with the reason, a mention Meta keeps failing to serve or does not know', async () => {
    graph.failReadsNext = 3; // every try of the first mention
    const response = await deliver(
      instagramMentions([
        { media_id: '18000000000000077', comment_id: '17900000000000002' },
        { media_id: '18000000000000099', comment_id: '17900000000000404' },
      ]),
    );
    expect(response).toEqual({
      status: 200,
      body: { accepted: 0, ignored: 0, rejected: 2, duplicates: 0 },
    });
    const reasons = (await readAll(kafka, dlq, 2)).map(
      (l) => (JSON.parse(l.value) as { reason: string }).reason,
    );
    expect(reasons.sort()).toEqual([
      expect.stringMatching(
        /comment 17900000000000002\) not fetched after 3 tries: Graph API HTTP 500/,
      ),
      expect.stringMatching(
        /comment 17900000000000404\) not fetched after 3 tries: Graph API HTTP 400: \(#100\)/,
      ),
    ]);
  });
});
