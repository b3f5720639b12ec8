import { z } from 'zod';
import { ConfigResourceTypes } from 'kafkajs';
import { kafkaEnv } from '@scb/config';
import { qualifiedTopic, Topics } from '@scb/contracts';
import { dropTopics, isolatedEnv, testKafka } from '@scb/testing';
import { ensureProjectTopics } from './kafka-consumer.transport';

describe('project topics carry the configured retention of mention text (real Kafka)', () => {
  const env = isolatedEnv('retention');
  const kafka = testKafka('scb-retention-test');
  afterAll(async () => dropTopics(kafka, env.KAFKA_TOPIC_PREFIX));

  it('creates the mention topic and its dead-letter topic with KAFKA_MENTION_RETENTION_MS', async () => {
    const config = z
      .object(kafkaEnv)
      .parse({ ...process.env, ...env, KAFKA_MENTION_RETENTION_MS: '3600000' });
    await ensureProjectTopics(config);
    const admin = kafka.admin();
    await admin.connect();
    try {
      const names = [Topics.mentions, Topics.mentionsDeadLetter, Topics.caseEvents].map((t) =>
        qualifiedTopic(env.KAFKA_TOPIC_PREFIX, t),
      );
      const described = await admin.describeConfigs({
        includeSynonyms: false,
        resources: names.map((name) => ({
          type: ConfigResourceTypes.TOPIC,
          name,
          configNames: ['retention.ms'],
        })),
      });
      const retention = Object.fromEntries(
        described.resources.map((r) => [r.resourceName, r.configEntries[0]?.configValue]),
      );
      expect(retention[names[0]]).toBe('3600000');
      expect(retention[names[1]]).toBe('3600000');
      // Case events carry no text: the broker's default.
      expect(retention[names[2]]).not.toBe('3600000');
    } finally {
      await admin.disconnect();
    }
  });
});
