import { dropTopics, isolatedEnv, testKafka, waitFor, consumerCaughtUp } from '@scb/testing';
import { ensureTopics } from './topic-admin';
import { EventPublisher } from './event-publisher';
import { KafkaBatchServer, type KafkaBatch } from './kafka-batch.server';

const KEYS = 20;
const PER_KEY = 25;

describe('EventPublisher → KafkaBatchServer on the real broker', () => {
  const kafka = testKafka('scb-messaging-int');
  const prefix = isolatedEnv('msg').KAFKA_TOPIC_PREFIX;
  const topic = `${prefix}.things.v1`;
  const groupId = `${prefix}.group`;
  const publisher = new EventPublisher(kafka);
  const servers: KafkaBatchServer[] = [];

  function consumer(onBatch: (batch: KafkaBatch) => Promise<void>): KafkaBatchServer {
    const server = new KafkaBatchServer({
      kafka,
      groupId,
      subscriptions: { 'things.v1': topic },
      maxBatchSize: 40,
      partitionsConsumedConcurrently: 3,
    });
    server.addHandler('things.v1', onBatch, true);
    servers.push(server);
    return server;
  }

  async function listen(server: KafkaBatchServer): Promise<void> {
    let failure: unknown;
    await server.listen((error) => {
      failure = error;
    });
    if (failure instanceof Error) throw failure;
    if (failure) throw new Error(`listen failed: ${JSON.stringify(failure)}`);
  }

  beforeAll(async () => {
    await ensureTopics(kafka, [{ topic, numPartitions: 6 }]);
  });

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
    await publisher.disconnect();
    await dropTopics(kafka, prefix);
  });

  it('delivers every record in per-key order, redelivers a failed batch, and commits only what was handled', async () => {
    const messages = Array.from({ length: KEYS * PER_KEY }, (_, i) => ({
      key: `k${i % KEYS}`,
      value: JSON.stringify({ key: `k${i % KEYS}`, seq: Math.floor(i / KEYS) }),
    }));
    await publisher.publish(topic, messages);

    const seen = new Map<string, number[]>();
    let failures = 0;
    const server = consumer(async (batch) => {
      // The first batch fails after "half-doing" its work: at-least-once means it comes back.
      if (failures === 0) {
        failures += 1;
        throw new Error('simulated handler failure');
      }
      for (const record of batch.records) {
        const { key, seq } = JSON.parse(record.value!.toString()) as { key: string; seq: number };
        seen.set(key, [...(seen.get(key) ?? []), seq]);
      }
    });
    await listen(server);

    await waitFor(() => consumerCaughtUp(kafka, groupId, topic), {
      timeoutMs: 45_000,
      what: 'the group to commit every record',
    });
    expect(failures).toBe(1);
    expect(seen.size).toBe(KEYS);
    for (const sequence of seen.values()) {
      // Order within a key survives partitioning, batching and the retried batch.
      expect(sequence).toEqual(Array.from({ length: PER_KEY }, (_, i) => i));
    }
    expect(server.consumerHealth()).toMatchObject({ status: 'running', lastError: null });
  });

  it('does not hand committed records to a restarted consumer of the same group', async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
    const redelivered: string[] = [];
    const server = consumer(async (batch) => {
      redelivered.push(...batch.records.map((r) => r.offset));
    });
    await listen(server);
    await publisher.publish(topic, [
      { key: 'k-new', value: JSON.stringify({ key: 'k-new', seq: 0 }) },
    ]);

    await waitFor(async () => redelivered.length >= 1, { what: 'the new record' });
    await waitFor(() => consumerCaughtUp(kafka, groupId, topic), { what: 'the commit' });
    expect(redelivered).toHaveLength(1);
  });
});
