import type { DataSource } from 'typeorm';
import type { Kafka, Producer } from 'kafkajs';
import { mentionKey, qualifiedTopic, Topics, type SocialMention } from '@scb/contracts';
import { MatchingRulesRepository } from '@scb/persistence';
import {
  aMention,
  captureOutput,
  consumerCaughtUp,
  countRows,
  dropTopics,
  isolatedEnv,
  readAll,
  seedCustomer,
  testKafka,
  waitFor,
  createTestApp,
} from '@scb/testing';

describe('matcher service (real Kafka and Postgres)', () => {
  const env = isolatedEnv('matcher');
  const topic = (name: string) => qualifiedTopic(env.KAFKA_TOPIC_PREFIX, name);
  let kafka: Kafka;
  let producer: Producer;
  let dataSource: DataSource;
  let close: () => Promise<void>;
  let rules: MatchingRulesRepository;

  const send = async (messages: Array<SocialMention | string>) => {
    await producer.send({
      topic: topic(Topics.mentions),
      messages: messages.map((m) =>
        typeof m === 'string'
          ? { key: 'x:poison', value: m }
          : { key: mentionKey(m), value: JSON.stringify(m) },
      ),
    });
  };
  const caughtUp = () =>
    waitFor(() => consumerCaughtUp(kafka, topic('matcher'), topic(Topics.mentions)), {
      timeoutMs: 30_000,
      what: 'the matcher to commit its offsets',
    });

  beforeAll(async () => {
    const testApp = await createTestApp('matcher', {
      ...env,
      MATCHER_RULES_POLL_MS: '200',
      OUTBOX_POLL_MS: '100',
    });
    ({ dataSource, close } = testApp);
    rules = new MatchingRulesRepository(testApp.db);
    kafka = testKafka('scb-matcher-int');
    producer = kafka.producer();
    await producer.connect();
  });

  afterAll(async () => {
    await producer.disconnect();
    await close();
    await dropTopics(kafka, env.KAFKA_TOPIC_PREFIX);
  });

  it("keeps each author's order in a batch, dead-letters a poison message, and ignores a redelivery", async () => {
    const authors = ['o1', 'o2', 'o3'].map((a) => `${env.DB_SCHEMA}-${a}`);
    const mentions = [0, 1, 2].flatMap((round) =>
      authors.map((authorId) => aMention({ authorId, text: `message ${round}` })),
    );
    await send([...mentions.slice(0, 4), '{"not": "a mention"}', ...mentions.slice(4)]);
    await caughtUp();

    const perAuthor: Array<{ author_id: string; cases: string; n: string }> =
      await dataSource.query(
        `SELECT author_id, count(DISTINCT case_id) AS cases, count(*) AS n FROM interactions GROUP BY author_id`,
      );
    expect(perAuthor.map((r) => [r.author_id, Number(r.cases), Number(r.n)]).sort()).toEqual(
      authors.map((a) => [a, 1, 3]),
    );
    const byMention = await Promise.all(
      mentions.map(async (m) => {
        const [r]: Array<{ rule: string }> = await dataSource.query(
          `SELECT decision->>'rule' AS rule FROM interactions WHERE external_id = $1`,
          [m.externalId],
        );
        return r.rule;
      }),
    );
    // The first post of each author opens the case, the later ones join it.
    expect(byMention).toEqual([...Array(3).fill('new-case'), ...Array(6).fill('open-case')]);
    // Dead letters go out after the batch commits, so a batch Kafka redelivers (its offset commit
    // lost to a rebalance, say) sends them again (docs/architecture.md, "Dead letters after
    // commit"): a letter is identified by its source position, and exactly one position is dead.
    const dead = await readAll(kafka, topic(Topics.mentionsDeadLetter), 1);
    const positions = new Set(
      dead.map((d) => {
        const letter = JSON.parse(d.value) as {
          sourceTopic: string;
          partition: number;
          offset: string;
          payload: string;
        };
        expect(letter.payload).toBe('{"not": "a mention"}');
        return `${letter.sourceTopic}/${letter.partition}/${letter.offset}`;
      }),
    );
    expect(positions.size).toBe(1);

    await send(mentions);
    await caughtUp();
    expect(await countRows(dataSource, 'SELECT 1 FROM interactions')).toBe(9);
    expect(await countRows(dataSource, 'SELECT 1 FROM cases')).toBe(3);
  });

  it('dead-letters a mention the database refuses and stores the rest of its batch', async () => {
    const before = await readAll(kafka, topic(Topics.mentionsDeadLetter), 1);
    const good = [
      aMention({ text: '@SpotifyCares my email is ana.private@example.com' }),
      aMention({ text: '@SpotifyCares call me on +44 7700 900123' }),
    ];
    // Valid JSON and contract, not for Postgres (jsonb refuses \u0000). NUL in the text itself is
    // repaired by the contract now (issue 13); a NUL in the language tag still reaches the database.
    const refused = aMention({ lang: 'e\u0000' });
    // The matcher's logs (and the database's) say what failed, never whose text it was.
    const logs = await captureOutput(async () => {
      await send([good[0], refused, good[1]]);
      await caughtUp();
    });
    expect(logs).toMatch(/mentions dead-lettered/);
    for (const m of [...good, refused]) {
      expect(logs).not.toContain(m.text);
      expect(logs).not.toContain(m.authorId);
    }
    expect(logs).not.toContain('ana.private@example.com');
    expect(logs).not.toContain('7700 900123');

    expect(
      await countRows(dataSource, `SELECT 1 FROM interactions WHERE external_id = ANY($1)`, [
        [...good, refused].map((m) => m.externalId),
      ]),
    ).toBe(2);
    const dead = await readAll(kafka, topic(Topics.mentionsDeadLetter), before.length + 1);
    const letter = dead.map((d) => JSON.parse(d.value) as { reason: string; payload: string });
    expect(letter).toContainEqual(
      expect.objectContaining({
        reason: expect.stringContaining('matching failed'),
        payload: expect.stringContaining(refused.externalId),
      }),
    );
  });

  it('applies a new rule-set version without a restart and records it on the interaction', async () => {
    const version = await rules.publish(
      {
        rules: [
          {
            id: 'spam',
            when: { type: 'textContainsAny', values: ['free crypto'] },
            then: { ignore: true },
          },
        ],
      },
      'admin@test',
    );
    const spam = aMention({ text: 'Free CRYPTO giveaway' });

    // Mentions sent before the reload is seen may be decided by the old version; keep sending
    // until one is ignored, which proves the running matcher picked the new version up.
    await waitFor(
      async () => {
        const probe = aMention({ text: spam.text });
        await send([probe]);
        await caughtUp();
        const [row]: Array<{ ignored: boolean; rule_set_version: number }> = await dataSource.query(
          `SELECT ignored, rule_set_version FROM interactions WHERE external_id = $1`,
          [probe.externalId],
        );
        return row.ignored && row.rule_set_version === version;
      },
      { timeoutMs: 90_000, intervalMs: 100, what: 'the new rule set to apply' },
    );
    const routed: Array<{ n: string }> = await dataSource.query(
      `SELECT count(*) AS n FROM outbox o JOIN interactions i ON i.id = (o.payload->>'interactionId')::uuid WHERE i.ignored`,
    );
    expect(Number(routed[0].n)).toBe(0);
  }, 180_000);

  it('merges a persona into the customer whose account number the author gives', async () => {
    await rules.publish({ identifiers: { accountNumber: 'AC-\\d{6}' } }, 'admin@test');
    const { customerId } = await seedCustomer(dataSource, {
      identifiers: [{ kind: 'account', value: 'AC-424242' }],
      cases: [{}],
    });
    const author = `${env.DB_SCHEMA}-persona`;
    const first = aMention({ authorId: author, text: 'my playlists vanished' });
    await send([first]);
    await caughtUp();
    // The next post carries the account number, once the matcher runs the new rule-set version.
    await waitFor(
      async () => {
        const probe = aMention({ authorId: author, text: 'account AC-424242, please check' });
        await send([probe]);
        await caughtUp();
        const [row]: Array<{ customer_id: string }> = await dataSource.query(
          `SELECT customer_id FROM interactions WHERE external_id = $1`,
          [probe.externalId],
        );
        return row.customer_id === customerId;
      },
      { timeoutMs: 90_000, intervalMs: 100, what: 'the persona to be merged' },
    );
    const posts: Array<{ customer_id: string; case_customer: string }> = await dataSource.query(
      `SELECT i.customer_id, c.customer_id AS case_customer
         FROM interactions i JOIN cases c ON c.id = i.case_id WHERE i.author_id = $1`,
      [author],
    );
    expect(new Set(posts.flatMap((p) => [p.customer_id, p.case_customer]))).toEqual(
      new Set([customerId]),
    );
    const merged: Array<{ signal: string; evidence: { kind: string; value: string } }> =
      await dataSource.query(
        `SELECT decision->'identity'->>'signal' AS signal, decision->'identity'->'evidence' AS evidence
           FROM interactions WHERE author_id = $1 AND decision->'identity'->>'signal' = 'merged'`,
        [author],
      );
    expect(merged).toEqual([
      { signal: 'merged', evidence: { kind: 'account', value: 'AC-424242' } },
    ]);
    expect(
      await countRows(dataSource, `SELECT 1 FROM customers WHERE merged_into = $1`, [customerId]),
    ).toBe(1);
  }, 180_000);
});
