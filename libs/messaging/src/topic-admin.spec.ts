import { KafkaJSProtocolError, type Admin, type Kafka } from 'kafkajs';
import { ensureTopics } from './topic-admin';

/** A broker's admin that answers metadata with `answers` in turn (an Error is thrown). */
function fakeKafka(existing: string[], answers: Array<Error | Array<[string, number[]]>>) {
  const created: string[] = [];
  let calls = 0;
  const admin = {
    connect: async () => undefined,
    disconnect: async () => undefined,
    listTopics: async () => existing,
    createTopics: async ({ topics }: { topics: Array<{ topic: string }> }) => {
      created.push(...topics.map((t) => t.topic));
      return true;
    },
    fetchTopicMetadata: async () => {
      const answer = answers[Math.min(calls, answers.length - 1)];
      calls += 1;
      if (answer instanceof Error) throw answer;
      return {
        topics: answer.map(([name, leaders]) => ({
          name,
          partitions: leaders.map((leader, partitionId) => ({
            partitionErrorCode: 0,
            partitionId,
            leader,
            replicas: [1],
            isr: [1],
          })),
        })),
      };
    },
  } as unknown as Admin;
  return { kafka: { admin: () => admin } as unknown as Kafka, created, calls: () => calls };
}

/** What kafkajs throws for a metadata answer with error code 3 (its `type` names it). */
const unknownTopic = () =>
  Object.assign(new KafkaJSProtocolError('This server does not host this topic-partition'), {
    type: 'UNKNOWN_TOPIC_OR_PARTITION',
  });

describe('ensureTopics', () => {
  const specs = [
    { topic: 'p.mentions', numPartitions: 2 },
    { topic: 'p.events', numPartitions: 1 },
  ];

  it('waits out a broker that does not know a just-created topic yet, then its missing leaders', async () => {
    const broker = fakeKafka(
      [],
      [
        unknownTopic(),
        [
          ['p.mentions', [1, -1]],
          ['p.events', [1]],
        ],
        [
          ['p.mentions', [1, 1]],
          ['p.events', [1]],
        ],
      ],
    );
    await ensureTopics(broker.kafka, specs);
    expect(broker.created).toEqual(['p.mentions', 'p.events']);
    expect(broker.calls()).toBe(3);
  });

  it('creates only the missing topics and leaves existing ones alone', async () => {
    const broker = fakeKafka(['p.mentions'], [[['p.events', [1]]]]);
    await ensureTopics(broker.kafka, specs);
    expect(broker.created).toEqual(['p.events']);
  });

  it('gives up with the broker’s error when the leaders never come', async () => {
    const broker = fakeKafka([], [unknownTopic()]);
    await expect(ensureTopics(broker.kafka, specs, { leaderWaitMs: 0 })).rejects.toThrow(
      'This server does not host this topic-partition',
    );
  });

  it('does not retry an error that is not about the new topic settling', async () => {
    const broker = fakeKafka([], [new Error('SASL authentication failed')]);
    await expect(ensureTopics(broker.kafka, specs)).rejects.toThrow('SASL authentication failed');
    expect(broker.calls()).toBe(1);
  });
});
