import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { Partitioners, type Kafka } from 'kafkajs';
import { z } from 'zod';
import { kafkaEnv, loadConfig } from '@scb/config';
import { mentionKey, qualifiedTopic, Topics, type SocialMention } from '@scb/contracts';
import {
  createKafka,
  DeadLetterPublisher,
  deleteTopics,
  ensureTopics,
  EventPublisher,
  parseBrokers,
} from '@scb/messaging';
import { MentionPublisher } from '../../apps/ingestion/src/mention.publisher';
import { MentionReplaySource } from '../../apps/ingestion/src/mention-replay.source';
import { ReplayFileReader, type ReplayItem } from '../../apps/ingestion/src/replay-file.reader';

const ConfigSchema = z.object({
  ...kafkaEnv,
  BENCH_FILE: z.string().min(1),
  /**
   * The file is repeated this many times per run (16 × 10,099 rows: about 3 s a side here), so
   * start-up (the replay worker's module loading, JIT warm-up) does not dominate the figure.
   */
  BENCH_REPEAT: z.coerce.number().int().min(1).max(100).default(16),
  /** Alternating runs of each; the best of each is reported. */
  BENCH_ROUNDS: z.coerce.number().int().min(1).max(10).default(3),
  REPLAY_CHUNK_SIZE: z.coerce.number().int().min(1).max(10_000).default(500),
});

/**
 * `npm run bench:ingestion`: the twcs CSV replay source (read, parse, normalize, validate and
 * serialize in its worker thread, publish in awaited chunks) against a raw kafkajs producer sending the same messages, already
 * serialized, with the same chunking and acks, in the same run on the same broker.
 */
async function main(): Promise<void> {
  const config = loadConfig(ConfigSchema);
  const prefix = config.KAFKA_TOPIC_PREFIX || `bench_ingestion_${Date.now()}`;
  const kafka = createKafka(
    { brokers: parseBrokers(config.KAFKA_BROKERS), clientId: 'scb-bench-ingestion' },
    new Logger('bench', { timestamp: false }),
  );
  const mentionsTopic = qualifiedTopic(prefix, Topics.mentions);
  const rawTopic = qualifiedTopic(prefix, 'bench.raw.v1');
  const dlq = qualifiedTopic(prefix, Topics.mentionsDeadLetter);
  const partitions = config.KAFKA_MENTION_PARTITIONS;
  await ensureTopics(kafka, [
    { topic: mentionsTopic, numPartitions: partitions },
    { topic: rawTopic, numPartitions: partitions },
    { topic: dlq, numPartitions: 1 },
  ]);
  const publisher = new EventPublisher(kafka);
  const source = new MentionReplaySource(
    new MentionPublisher(publisher, mentionsTopic),
    new DeadLetterPublisher(publisher, 'ingestion', dlq),
    config.REPLAY_CHUNK_SIZE,
  );
  const file = () => repeated(config.BENCH_FILE, config.BENCH_REPEAT);
  // The replay reads one file, as the CLI does: the input repeated BENCH_REPEAT times, one header.
  const replayFile = join(tmpdir(), `bench-ingestion-${process.pid}.csv`);
  const input = readFileSync(config.BENCH_FILE, 'utf8');
  const bodyStart = input.indexOf('\n') + 1;
  writeFileSync(
    replayFile,
    input.slice(0, bodyStart) + input.slice(bodyStart).repeat(config.BENCH_REPEAT),
  );
  const parseStarted = Date.now();
  const parsed = await collect(file());
  const parseRate = rate(parsed.length, Date.now() - parseStarted);
  const messages = parsed.map((m) => ({
    key: mentionKey(m),
    value: JSON.stringify(m),
  }));
  const n = messages.length;
  console.log(`read + parse + validate alone: ${parseRate} mentions/s`);
  console.log(
    `bench: ${n} mentions (${config.BENCH_FILE} × ${config.BENCH_REPEAT}); ${partitions} partitions; chunks of ${config.REPLAY_CHUNK_SIZE}; best of ${config.BENCH_ROUNDS}`,
  );
  try {
    await publisher.connect();
    let bestReplay = 0;
    let bestRaw = 0;
    for (let round = 1; round <= config.BENCH_ROUNDS; round += 1) {
      const raw = await rawProducer(kafka, rawTopic, messages, config.REPLAY_CHUNK_SIZE);
      const started = Date.now();
      const report = await source.replayFile(replayFile);
      const replay = rate(report.published, Date.now() - started);
      if (report.published !== n) throw new Error(`replay published ${report.published} of ${n}`);
      console.log(
        `round ${round}: ingestion replay ${replay} mentions/s; raw producer ${raw} msg/s`,
      );
      bestReplay = Math.max(bestReplay, replay);
      bestRaw = Math.max(bestRaw, raw);
    }
    console.log(
      `ingestion: ${bestReplay} mentions/s; raw producer ${bestRaw} msg/s; ratio ${(bestReplay / bestRaw).toFixed(3)}`,
    );
  } finally {
    await publisher.disconnect();
    await deleteTopics(kafka, [mentionsTopic, rawTopic, dlq]);
    rmSync(replayFile, { force: true });
  }
}

async function* repeated(path: string, times: number): AsyncIterable<ReplayItem> {
  for (let i = 0; i < times; i += 1) yield* ReplayFileReader.twcsCsv(path);
}

async function collect(items: AsyncIterable<ReplayItem>): Promise<SocialMention[]> {
  const mentions: SocialMention[] = [];
  for await (const item of items) if ('mention' in item) mentions.push(item.mention);
  return mentions;
}

/** kafkajs alone: an idempotent producer, acks from all replicas, awaited chunks. */
async function rawProducer(
  kafka: Kafka,
  topic: string,
  messages: Array<{ key: string; value: string }>,
  chunk: number,
): Promise<number> {
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  try {
    const started = Date.now();
    for (let i = 0; i < messages.length; i += chunk)
      await producer.send({ topic, acks: -1, messages: messages.slice(i, i + chunk) });
    return rate(messages.length, Date.now() - started);
  } finally {
    await producer.disconnect();
  }
}

const rate = (count: number, ms: number) => Math.round((count * 1000) / Math.max(ms, 1));

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
