import { Logger } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import { createKafka, deleteTopics, parseBrokers } from '@scb/messaging';
import { testKafkaBrokers } from './isolated-env';

export function testKafka(clientId = 'scb-test'): Kafka {
  return createKafka(
    { brokers: parseBrokers(testKafkaBrokers()), clientId },
    new Logger('KafkaTest'),
  );
}

/** Removes the topics a test created under its prefix (and so its consumer groups' offsets). */
export async function dropTopics(kafka: Kafka, prefix: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  const mine = (await admin.listTopics()).filter((t) => t.startsWith(`${prefix}.`));
  await admin.disconnect();
  await deleteTopics(kafka, mine);
}

/** True once the group has committed every message currently in the topic. */
export async function consumerCaughtUp(
  kafka: Kafka,
  groupId: string,
  topic: string,
): Promise<boolean> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const ends = await admin.fetchTopicOffsets(topic);
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    const byPartition = new Map(committed.partitions.map((p) => [p.partition, BigInt(p.offset)]));
    return ends.every((end) => {
      const high = BigInt(end.high);
      return high === 0n || (byPartition.get(end.partition) ?? -1n) >= high;
    });
  } finally {
    await admin.disconnect();
  }
}

/** Reads every message currently on a topic (from the beginning) with a throwaway group. */
export async function readAll(
  kafka: Kafka,
  topic: string,
  expected: number,
  timeoutMs = 20_000,
): Promise<Array<{ key: string | null; value: string }>> {
  const consumer = kafka.consumer({
    groupId: `reader-${Date.now()}-${Math.random().toString(36).slice(2)}`,
  });
  const seen: Array<{ key: string | null; value: string }> = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      seen.push({ key: message.key?.toString() ?? null, value: message.value?.toString() ?? '' });
    },
  });
  const deadline = Date.now() + timeoutMs;
  while (seen.length < expected && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 100));
  await consumer.disconnect();
  return seen;
}

/** How many messages a topic holds (the sum of its partitions' end offsets; nothing is deleted). */
export async function topicMessageCount(kafka: Kafka, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((sum, p) => sum + Number(p.high), 0);
  } finally {
    await admin.disconnect();
  }
}
