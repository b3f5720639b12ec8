import IORedis from 'ioredis';
import { qualifiedTopic, Topics } from '@scb/contracts';
import { EventPublisher, ensureTopics } from '@scb/messaging';
import {
  aMention,
  clearDedupKeys,
  dropTopics,
  isolatedEnv,
  testKafka,
  testRedisUrl,
  topicMessageCount,
} from '@scb/testing';
import { MentionPublisher } from './mention.publisher';
import { RedisMentionDeduplicator } from './redis-mention.deduplicator';

describe('MentionPublisher with the Redis dedup window, on the real Redis and Kafka', () => {
  const env = isolatedEnv('dedup');
  const kafka = testKafka('scb-dedup-test');
  const topic = qualifiedTopic(env.KAFKA_TOPIC_PREFIX, Topics.mentions);
  const keyPrefix = `scb-dedup:${env.KAFKA_TOPIC_PREFIX}`;
  const publisher = new EventPublisher(kafka);
  const redis = new IORedis(testRedisUrl());
  const dedup = new RedisMentionDeduplicator(testRedisUrl(), keyPrefix, 600);
  const mentions = new MentionPublisher(publisher, topic, dedup);

  beforeAll(async () => {
    await ensureTopics(kafka, [{ topic, numPartitions: 2 }]);
  });

  afterAll(async () => {
    await dedup.onApplicationShutdown();
    await clearDedupKeys(env.KAFKA_TOPIC_PREFIX);
    await redis.quit();
    await publisher.disconnect();
    await dropTopics(kafka, env.KAFKA_TOPIC_PREFIX);
  });

  it('publishes a platform:externalId once within the window, across and inside batches', async () => {
    const a = aMention();
    const b = aMention();
    const c = aMention();
    expect(await mentions.publish([a, b, { ...a }])).toEqual({ published: 2, duplicates: 1 });
    expect(await mentions.publish([a, c])).toEqual({ published: 1, duplicates: 1 });
    // The same post id on another platform is another post.
    expect(await mentions.publish([{ ...a, platform: 'facebook' }])).toEqual({
      published: 1,
      duplicates: 0,
    });
    expect(await topicMessageCount(kafka, topic)).toBe(4);
    const ttl = await redis.ttl(`${keyPrefix}:x:${a.externalId}`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(600);
  });

  it('publishes a post once when two sources publish it at the same moment', async () => {
    const before = await topicMessageCount(kafka, topic);
    const e = aMention();
    const f = aMention();
    const results = await Promise.all([
      mentions.publish([e]),
      mentions.publish([{ ...e }, f]),
      mentions.publish([{ ...f }]),
    ]);
    expect(results.reduce((sum, r) => sum + r.published, 0)).toBe(2);
    expect(results.reduce((sum, r) => sum + r.duplicates, 0)).toBe(2);
    expect(await topicMessageCount(kafka, topic)).toBe(before + 2);
  });

  it('publishes everything when Redis cannot be reached (fail open)', async () => {
    const away = new RedisMentionDeduplicator('redis://127.0.0.1:1', keyPrefix, 600);
    const withoutRedis = new MentionPublisher(publisher, topic, away);
    const before = await topicMessageCount(kafka, topic);
    const d = aMention();
    expect(await withoutRedis.publish([d])).toEqual({ published: 1, duplicates: 0 });
    expect(await topicMessageCount(kafka, topic)).toBe(before + 1);
    await away.onApplicationShutdown();
  });
});
