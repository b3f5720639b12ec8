import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { BatchCaseMatcher, RuleSet } from '@scb/matching';
import {
  aMention,
  countRows,
  freshDatabase,
  isolatedEnv,
  mentionRecorder,
  type MentionRecorder,
} from '@scb/testing';
import { Database } from '../database';
import { PersonalDataRepository } from './personal-data.repository';

describe('PersonalDataRepository (real Postgres)', () => {
  let dataSource: DataSource;
  let drop: () => Promise<void>;
  let mentions: MentionRecorder;
  let erasure: Pick<PersonalDataRepository, 'erase'>;
  const matcher = new BatchCaseMatcher(randomUUID);

  beforeAll(async () => {
    ({ dataSource, drop } = await freshDatabase(isolatedEnv('erasure').DB_SCHEMA));
    mentions = mentionRecorder(dataSource);
    // Each erasure in its own unit of work, as EraseCustomer runs it.
    const db = new Database(dataSource);
    const repository = new PersonalDataRepository(db);
    erasure = { erase: (...args) => db.run(() => repository.erase(...args)) };
  });
  afterAll(() => drop());

  let phones = 10;
  /**
   * Two posts by one author (one case), plus the customer's email and phone on file. The email
   * and the number typed in the posts are learnt by the matcher as claims (docs/identity.md):
   * each customer types a number of their own, so none claims another's.
   */
  async function customerWithHistory(
    handle: string,
    email: string,
    name = `${handle} name`,
    phone = `+1 212 555 01${(phones += 1)}`,
  ) {
    const authorId = `author-${randomUUID()}`;
    const posts = [
      aMention({
        authorId,
        authorHandle: handle,
        authorName: name,
        text: `I am ${email}, help`,
      }),
      aMention({
        authorId,
        authorHandle: handle,
        text: `still broken, call me on ${phone}`,
      }),
    ];
    for (const post of posts)
      await mentions(
        [{ mention: post, publishedAt: new Date() }],
        matcher.forBatch(RuleSet.defaults()),
      );
    const [{ customer_id: customerId }]: Array<{ customer_id: string }> = await dataSource.query(
      `SELECT customer_id FROM customer_identities WHERE external_user_id = $1`,
      [authorId],
    );
    await dataSource.query(
      `INSERT INTO customer_identifiers (kind, value, customer_id) VALUES ('email', $1, $3), ('phone', $2, $3)
       ON CONFLICT (kind, value) DO NOTHING`,
      [email, `+1415555${Math.floor(Math.random() * 10_000)}`, customerId],
    );
    return { customerId, posts };
  }

  const aggregates = () =>
    dataSource.query(
      `SELECT date_trunc('day', occurred_at) AS day, channel, direction, count(*)::int AS n,
              count(DISTINCT case_id)::int AS cases
         FROM interactions GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
    );

  it('removes identities, identifiers, texts and handles, and keeps the anonymous aggregates', async () => {
    const dana = await customerWithHistory(
      'dana_handle',
      'dana@example.com',
      'Dana Example',
      '+1 415 555 0100',
    );
    const other = await customerWithHistory('other_handle', 'other@example.com');
    const before = await aggregates();
    const casesBefore = await countRows(dataSource, `SELECT 1 FROM cases`);

    const progress: Array<[number, number]> = [];
    const record = await erasure.erase(dana.customerId, 'admin:alice', (done, total) =>
      progress.push([done, total]),
    );
    // Every statement is reported, for the CLI's bar: 1..total, ending at 100%.
    expect(progress).toEqual(Array.from({ length: 8 }, (_, i) => [i + 1, 8]));

    expect(record?.erased).toEqual({
      customers: 1,
      identities: 1,
      // The email and number she typed (claims the matcher learnt), and the phone on file.
      identifiers: 3,
      interactions: 2,
      events: 2,
      replies: 0,
      auditEntries: 0,
    });
    // Nothing of Dana is left anywhere she could be found by.
    const text = JSON.stringify(
      await dataSource.query(
        `SELECT (SELECT json_agg(i) FROM interactions i) AS i, (SELECT json_agg(c) FROM customers c) AS c,
                (SELECT json_agg(x) FROM customer_identities x) AS x, (SELECT json_agg(e) FROM customer_identifiers e) AS e,
                (SELECT json_agg(o) FROM outbox o) AS o, (SELECT json_agg(p) FROM personal_data_erasures p) AS p`,
      ),
    );
    for (const trace of [
      'dana@example.com',
      'dana_handle',
      'Dana Example',
      '555 0100',
      ...dana.posts.map((p) => p.externalId),
      dana.posts[0].authorId,
    ])
      expect(text).not.toContain(trace);
    // The other customer is untouched.
    expect(text).toContain('other@example.com');
    expect(text).toContain(other.posts[1].text);
    // Aggregates: interactions per day and channel, cases, categories, decisions' rule.
    expect(await aggregates()).toEqual(before);
    expect(await countRows(dataSource, `SELECT 1 FROM cases`)).toBe(casesBefore);
    const rules: Array<{ rule: string; erased: boolean }> = await dataSource.query(
      `SELECT decision->>'rule' AS rule, (decision->>'erased')::boolean AS erased FROM interactions WHERE customer_id = $1 ORDER BY occurred_at`,
      [dana.customerId],
    );
    expect(rules).toEqual([
      { rule: 'new-case', erased: true },
      { rule: 'open-case', erased: true },
    ]);
  });

  it('is idempotent and records every request (who and when, no personal data)', async () => {
    const lee = await customerWithHistory('lee_handle', 'lee@example.com');
    await erasure.erase(lee.customerId, 'admin:bob');
    const again = await erasure.erase(lee.customerId, 'admin:bob');

    expect(again?.erased).toEqual({
      customers: 0,
      identities: 0,
      identifiers: 0,
      interactions: 0,
      events: 0,
      replies: 0,
      auditEntries: 0,
    });
    const log: Array<{ requested_by: string; erased_at: Date }> = await dataSource.query(
      `SELECT requested_by, erased_at FROM personal_data_erasures WHERE customer_id = $1`,
      [lee.customerId],
    );
    expect(log).toHaveLength(2);
    expect(log.every((r) => r.requested_by === 'admin:bob' && r.erased_at instanceof Date)).toBe(
      true,
    );
  });

  it('erases the personas merged into the customer too', async () => {
    const kim = await customerWithHistory('kim_handle', 'kim@example.com');
    const persona = await customerWithHistory('kim_alt', 'kim.alt@example.com');
    await dataSource.query(
      `UPDATE customers SET merged_into = $1, merged_at = now(), merge_evidence = '{"kind":"email","value":"kim.alt@example.com"}' WHERE id = $2`,
      [kim.customerId, persona.customerId],
    );

    const record = await erasure.erase(kim.customerId, 'admin:carol');

    expect(record?.erased.customers).toBe(2);
    expect(
      await countRows(
        dataSource,
        `SELECT 1 FROM customers WHERE merge_evidence::text LIKE '%kim.alt%'`,
      ),
    ).toBe(0);
    expect(
      await countRows(
        dataSource,
        `SELECT 1 FROM interactions WHERE customer_id = $1 AND text <> ''`,
        [persona.customerId],
      ),
    ).toBe(0);
  });

  it('redacts the free-text reason of merges from or into the person in the audit log', async () => {
    const sam = await customerWithHistory('sam_handle', 'sam@example.com');
    const alt = await customerWithHistory('sam_alt', 'sam.alt@example.com');
    const bystander = await customerWithHistory('pat_handle', 'pat@example.com');
    const entry = (entityId: string, intoCustomerId: string, reason: string) =>
      dataSource.query(
        `INSERT INTO audit_log (actor_kind, actor_id, actor_name, entity, entity_id, action, "before", "after")
         VALUES ('user', 'u1', 'admin@example.com', 'customers', $1, 'merge', NULL, $2)`,
        [entityId, JSON.stringify({ intoCustomerId, reason })],
      );
    await entry(alt.customerId, sam.customerId, 'same person: sam.alt@example.com, phone 555 0199');
    await entry(sam.customerId, bystander.customerId, 'Sam Smith called, wants accounts joined');
    await entry(bystander.customerId, randomUUID(), 'pat asked by phone');

    const record = await erasure.erase(sam.customerId, 'admin:alice');

    expect(record?.erased.auditEntries).toBe(2);
    const log = JSON.stringify(await dataSource.query(`SELECT "after" FROM audit_log`));
    for (const trace of ['sam.alt@example.com', '555 0199', 'Sam Smith'])
      expect(log).not.toContain(trace);
    expect(log).toContain('pat asked by phone');
    // Who merged what is kept.
    expect(log).toContain(sam.customerId);
  });

  it('answers null for a customer that does not exist', async () => {
    expect(await erasure.erase(randomUUID(), 'admin:alice')).toBeNull();
  });
});
