import type { Kafka, Producer } from 'kafkajs';
import type { DataSource } from 'typeorm';
import { qualifiedTopic, Topics } from '@scb/contracts';
import {
  consumerCaughtUp,
  countRows,
  dropTopics,
  isolatedEnv,
  readAll,
  testKafka,
  waitFor,
  createTestApp,
} from '@scb/testing';

/** Case events that break the contract: each goes to the dead letters with why; the router moves on. */
describe('router service: contract violations on Kafka (real Kafka, Postgres, Redis)', () => {
  const env = isolatedEnv('routerdlq');
  const topic = (name: string) => qualifiedTopic(env.KAFKA_TOPIC_PREFIX, name);
  let kafka: Kafka;
  let producer: Producer;
  let dataSource: DataSource;
  let close: () => Promise<void>;

  beforeAll(async () => {
    const testApp = await createTestApp('router', env);
    ({ dataSource, close } = testApp);
    kafka = testKafka('scb-router-dlq-int');
    producer = kafka.producer();
    await producer.connect();
  });
  afterAll(async () => {
    await producer.disconnect();
    await close();
    await dropTopics(kafka, env.KAFKA_TOPIC_PREFIX);
  });

  it('dead-letters malformed, wrong-typed, deeply nested and empty events with the reason', async () => {
    const poison = [
      '{"type": "caseOpened",',
      JSON.stringify({ type: 'caseOpened', eventId: 'not-a-uuid', priority: 'high' }),
      JSON.stringify({ type: 'caseExploded' }),
      `${'['.repeat(50_000)}${']'.repeat(50_000)}`,
      '',
    ];
    await producer.send({
      topic: topic(Topics.caseEvents),
      messages: poison.map((value, i) => ({ key: `case-${i}`, value })),
    });

    const letters = await readAll(kafka, topic(Topics.caseEventsDeadLetter), poison.length);
    const reasons = letters.map((l) => (JSON.parse(l.value) as { reason: string }).reason);
    expect(reasons).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/malformed JSON/),
        expect.stringMatching(/eventId/),
        expect.stringMatching(/type/),
        expect.stringMatching(/nested deeper/),
        expect.stringMatching(/empty message body/),
      ]),
    );
    // It moved on: every offset is committed, and nothing was routed.
    await waitFor(() => consumerCaughtUp(kafka, topic('router'), topic(Topics.caseEvents)), {
      timeoutMs: 30_000,
      what: 'the router to commit past the poison events',
    });
    expect(await countRows(dataSource, 'SELECT 1 FROM work_items')).toBe(0);
  });
});
