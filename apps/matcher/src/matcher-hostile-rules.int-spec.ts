import type { Kafka, Producer } from 'kafkajs';
import type { DataSource } from 'typeorm';
import { mentionKey, qualifiedTopic, Topics } from '@scb/contracts';
import { RuleSetValidationError } from '@scb/matching';
import { MatchingRulesRepository } from '@scb/persistence';
import {
  aMention,
  countRows,
  dropTopics,
  isolatedEnv,
  testKafka,
  waitFor,
  createTestApp,
} from '@scb/testing';

/** An admin's worst rule set and the texts built to make it hang: the matcher keeps going. */
describe('matcher under hostile matching rules (real Kafka and Postgres)', () => {
  const env = isolatedEnv('matcherhostile');
  let kafka: Kafka;
  let producer: Producer;
  let dataSource: DataSource;
  let close: () => Promise<void>;
  let rules: MatchingRulesRepository;

  beforeAll(async () => {
    const testApp = await createTestApp('matcher', { ...env, MATCHER_RULES_POLL_MS: '200' });
    ({ dataSource, close } = testApp);
    rules = new MatchingRulesRepository(testApp.db);
    kafka = testKafka('scb-matcher-hostile-int');
    producer = kafka.producer();
    await producer.connect();
  });
  afterAll(async () => {
    await producer.disconnect();
    await close();
    await dropTopics(kafka, env.KAFKA_TOPIC_PREFIX);
  });

  it('refuses unsafe patterns, and runs the largest allowed rule set over backtracking bait without stalling', async () => {
    await expect(
      rules.publish(
        {
          rules: [
            {
              id: 'evil',
              when: { type: 'textMatches', pattern: '(a+)+\\1' },
              then: { tags: ['x'] },
            },
          ],
        },
        'admin',
        'backreference',
      ),
    ).rejects.toBeInstanceOf(RuleSetValidationError);
    // 1,000 rules (the limit): catastrophic-looking patterns and 500-word keyword lists.
    const keywords = Array.from({ length: 500 }, (_, i) => `word${i}`);
    const version = await rules.publish(
      {
        rules: Array.from({ length: 1000 }, (_, i) => ({
          id: `r${i}`,
          when:
            i % 2 === 0
              ? { type: 'textMatches', pattern: ['(a+)+$', '(a|aa)+b', '^(\\w+\\s?)*$'][i % 3] }
              : { type: 'textContainsAny', values: keywords },
          then: { tags: [`t${i % 10}`] },
        })),
      },
      'admin',
      'huge',
    );
    // The matcher polls rules every 200 ms, but compiling 1,000 rules on a loaded machine can take
    // longer than any fixed wait: a probe mention matched under the new version shows it is live.
    const inVersion = async () =>
      countRows(dataSource, 'SELECT 1 FROM interactions WHERE rule_set_version = $1', [version]);
    const send = (batch: ReturnType<typeof aMention>[]) =>
      producer.send({
        topic: qualifiedTopic(env.KAFKA_TOPIC_PREFIX, Topics.mentions),
        messages: batch.map((m) => ({ key: mentionKey(m), value: JSON.stringify(m) })),
      });
    // One probe per poll, until one is matched under the new version.
    await waitFor(
      async () => (await send([aMention({ text: 'probe' })]), (await inVersion()) > 0),
      {
        timeoutMs: 120_000,
        intervalMs: 1_000,
        what: 'the matcher to load the huge rule set',
      },
    );
    const mentions = Array.from({ length: 50 }, (_, i) =>
      aMention({ text: `${'a'.repeat(5_000)}! ${'word '.repeat(200)}${i}` }),
    );
    // Counted by their own ids: probes still in flight when the set loaded land under it too, at
    // any time on a loaded machine, so a count of the whole version would never settle.
    const baitMatched = () =>
      countRows(
        dataSource,
        'SELECT 1 FROM interactions WHERE rule_set_version = $1 AND external_id = ANY($2)',
        [version, mentions.map((m) => m.externalId)],
      );
    const started = Date.now();
    await send(mentions);
    await waitFor(async () => (await baitMatched()) === mentions.length, {
      timeoutMs: 60_000,
      what: 'every mention to be matched under the huge rule set',
    });
    // About 1.5 s here; 22 s before keyword lookups were indexed, and a backtracking engine would
    // not finish at all. Generous for a loaded CI machine.
    expect(Date.now() - started).toBeLessThan(15_000);
  }, 300_000);
});
