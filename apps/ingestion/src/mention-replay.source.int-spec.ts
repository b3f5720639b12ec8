import { copyFileSync, mkdtempSync, appendFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { qualifiedTopic, SocialMentionSchema, Topics } from '@scb/contracts';
import { DeadLetterPublisher, EventPublisher, ensureTopics } from '@scb/messaging';
import {
  dropTopics,
  isolatedEnv,
  readAll,
  sharedDataFile,
  testKafka,
  topicMessageCount,
} from '@scb/testing';
import { MentionPublisher } from './mention.publisher';
import { MentionReplaySource } from './mention-replay.source';

describe('MentionReplaySource with the twcs CSV on the real Kafka', () => {
  const env = isolatedEnv('replay');
  const kafka = testKafka('scb-replay-test');
  const topic = qualifiedTopic(env.KAFKA_TOPIC_PREFIX, Topics.mentions);
  const dlq = qualifiedTopic(env.KAFKA_TOPIC_PREFIX, Topics.mentionsDeadLetter);
  const publisher = new EventPublisher(kafka);
  const dir = mkdtempSync(join(tmpdir(), 'scb-replay-'));
  const file = join(dir, 'sample.csv');
  let source: MentionReplaySource;

  beforeAll(async () => {
    await ensureTopics(kafka, [
      { topic, numPartitions: 3 },
      { topic: dlq, numPartitions: 1 },
    ]);
    // The real sample plus one row whose date is not a date: it must be dead-lettered, not fatal.
    copyFileSync(sharedDataFile('twcs-kaggle-sample.csv'), file);
    appendFileSync(file, '999,42,True,last Tuesday,"@Brand hello, there",,\n');
    source = new MentionReplaySource(
      new MentionPublisher(publisher, topic),
      new DeadLetterPublisher(publisher, 'ingestion', dlq),
      20,
    );
  });

  afterAll(async () => {
    await publisher.disconnect();
    await dropTopics(kafka, env.KAFKA_TOPIC_PREFIX);
    rmSync(dir, { recursive: true, force: true });
  });

  it('publishes inbound rows keyed by author, counts brand replies and dead-letters the bad row', async () => {
    const report = await source.replayFile(file);
    expect(report).toEqual({ read: 94, published: 49, rejected: 1, outbound: 44 });

    const messages = await readAll(kafka, topic, 49);
    expect(messages).toHaveLength(49);
    const mentions = messages.map((m) => ({
      key: m.key,
      mention: SocialMentionSchema.parse(JSON.parse(m.value)),
    }));
    expect(mentions.every(({ key, mention }) => key === `x:${mention.authorId}`)).toBe(true);
    expect(mentions.every(({ mention }) => mention.direction === 'inbound')).toBe(true);
    expect(new Set(mentions.map(({ mention }) => mention.externalId)).size).toBe(49);

    const [letter] = await readAll(kafka, dlq, 1);
    expect(JSON.parse(letter.value)).toMatchObject({
      reason: expect.stringMatching(/^line 101: created_at/),
      sourceTopic: 'ingestion',
    });
  });

  it('publishes nothing on a dry run', async () => {
    const before = await topicMessageCount(kafka, topic);
    const report = await source.replayFile(file, { dryRun: true, includeOutbound: true });
    expect(report).toEqual({ read: 94, published: 93, rejected: 1, outbound: 44 });
    expect(await topicMessageCount(kafka, topic)).toBe(before);
  });

  it('publishes the brand replies too when asked, up to the limit', async () => {
    const before = await topicMessageCount(kafka, topic);
    const report = await source.replayFile(file, { includeOutbound: true, limit: 10 });
    expect(report.read).toBe(10);
    expect(report.published).toBe(10);
    expect(report.outbound).toBeGreaterThan(0);
    expect(await topicMessageCount(kafka, topic)).toBe(before + 10);
  });

  it('dead-letters rows whose ids could steer a reply elsewhere, and publishes the good one', async () => {
    const hostile = ['http://evil.example/x', '//evil.example/x', '../../me/feed?', '1/../me'];
    const row = (platform: string, externalId: string) =>
      JSON.stringify({
        platform,
        externalId,
        authorId: '6543210987654321',
        text: 'where is my order',
        createdAt: '2026-01-01T10:00:00Z',
      });
    const jsonl = join(dir, 'hostile-ids.jsonl');
    writeFileSync(
      jsonl,
      [
        ...hostile.flatMap((id) => ['x', 'facebook', 'instagram'].map((p) => row(p, id))),
        row('facebook', '880011223344_990000111'),
      ].join('\n'),
    );
    const lettersBefore = await topicMessageCount(kafka, dlq);
    const before = await topicMessageCount(kafka, topic);

    const report = await source.replayFile(jsonl);

    expect(report).toMatchObject({ published: 1, rejected: hostile.length * 3 });
    expect(await topicMessageCount(kafka, topic)).toBe(before + 1);
    const letters = (await readAll(kafka, dlq, lettersBefore + hostile.length * 3)).slice(
      lettersBefore,
    );
    expect(letters).toHaveLength(hostile.length * 3);
    for (const letter of letters)
      expect(JSON.parse(letter.value)).toMatchObject({
        reason: expect.stringMatching(/externalId: must be an? (X|Meta) id/),
      });
  });
});
