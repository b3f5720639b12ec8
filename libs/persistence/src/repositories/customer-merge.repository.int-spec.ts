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
  seedCustomer,
} from '@scb/testing';
import { CustomerMergeRepository } from './customer-merge.repository';
import { Database } from '../database';

describe('CustomerMergeRepository (real Postgres)', () => {
  let dataSource: DataSource;
  let drop: () => Promise<void>;
  let merges: CustomerMergeRepository;
  let mentions: MentionRecorder;
  const matcher = new BatchCaseMatcher(randomUUID);

  beforeAll(async () => {
    ({ dataSource, drop } = await freshDatabase(isolatedEnv('merge').DB_SCHEMA));
    merges = new CustomerMergeRepository(new Database(dataSource));
    mentions = mentionRecorder(dataSource);
  });
  afterAll(() => drop());

  it("moves a persona's identities, cases and interactions to the proven customer", async () => {
    const persona = aMention();
    await mentions(
      [{ mention: persona, publishedAt: new Date() }],
      matcher.forBatch(RuleSet.defaults()),
    );
    const [{ customer_id: personaId }]: Array<{ customer_id: string }> = await dataSource.query(
      `SELECT customer_id FROM customer_identities WHERE external_user_id = $1`,
      [persona.authorId],
    );
    const { customerId } = await seedCustomer(dataSource, {
      identifiers: [{ kind: 'email', value: 'lee@example.com' }],
      cases: [{}],
    });

    const result = await merges.merge(personaId, customerId, {
      kind: 'email',
      value: 'lee@example.com',
    });

    expect(result).toEqual({ identities: 1, identifiers: 0, cases: 1, interactions: 1 });
    expect(
      await countRows(dataSource, `SELECT 1 FROM cases WHERE customer_id = $1`, [customerId]),
    ).toBe(2);
    const [tombstone]: Array<{ merged_into: string; merge_evidence: { kind: string } }> =
      await dataSource.query(`SELECT merged_into, merge_evidence FROM customers WHERE id = $1`, [
        personaId,
      ]);
    expect(tombstone).toMatchObject({ merged_into: customerId, merge_evidence: { kind: 'email' } });

    // The author's next post now resolves to the customer and joins their most recent open case.
    const next = aMention({ authorId: persona.authorId });
    await mentions(
      [{ mention: next, publishedAt: new Date() }],
      matcher.forBatch(RuleSet.defaults()),
    );
    const [row]: Array<{ customer_id: string; rule: string }> = await dataSource.query(
      `SELECT customer_id, decision->>'rule' AS rule FROM interactions WHERE external_id = $1`,
      [next.externalId],
    );
    expect(row).toEqual({ customer_id: customerId, rule: 'open-case' });
  });

  it('the matcher merges a persona inside the batch when a mention carries an email on file', async () => {
    const first = aMention({ text: 'my card was charged twice' });
    const second = aMention({ authorId: first.authorId, text: 'it is lee2@example.com, thanks' });
    await mentions(
      [{ mention: first, publishedAt: new Date() }],
      matcher.forBatch(RuleSet.defaults()),
    );
    const { customerId } = await seedCustomer(dataSource, {
      identifiers: [{ kind: 'email', value: 'lee2@example.com' }],
      cases: [{}],
    });

    const result = await mentions(
      [{ mention: second, publishedAt: new Date() }],
      matcher.forBatch(RuleSet.defaults()),
    );

    expect(result).toMatchObject({ stored: 1, merged: 1, casesOpened: 0 });
    const rows: Array<{ external_id: string; customer_id: string; case_customer: string }> =
      await dataSource.query(
        `SELECT i.external_id, i.customer_id, c.customer_id AS case_customer
           FROM interactions i JOIN cases c ON c.id = i.case_id WHERE i.author_id = $1`,
        [first.authorId],
      );
    expect(rows.map((r) => [r.customer_id, r.case_customer])).toEqual([
      [customerId, customerId],
      [customerId, customerId],
    ]);
    const [identity]: Array<{ customer_id: string; link: string; evidence: { kind: string } }> =
      await dataSource.query(
        `SELECT customer_id, link, evidence FROM customer_identities WHERE external_user_id = $1`,
        [first.authorId],
      );
    expect(identity).toMatchObject({
      customer_id: customerId,
      link: 'inferred',
      evidence: { kind: 'email' },
    });
    const [decision]: Array<{ decision: { summary: string; identity: { signal: string } } }> =
      await dataSource.query(`SELECT decision FROM interactions WHERE external_id = $1`, [
        second.externalId,
      ]);
    expect(decision.decision.identity.signal).toBe('merged');
    expect(decision.decision.summary).toContain('email lee2@example.com proves they are one');
    const [tombstone]: Array<{ merge_evidence: { note: string } }> = await dataSource.query(
      `SELECT merge_evidence FROM customers WHERE merged_into = $1`,
      [customerId],
    );
    expect(tombstone.merge_evidence.note).toContain(second.externalId);
    const [event]: Array<{ customer_id: string }> = await dataSource.query(
      `SELECT payload->>'customerId' AS customer_id FROM outbox WHERE payload->>'externalId' = $1`,
      [second.externalId],
    );
    expect(event.customer_id).toBe(customerId);
  });

  it('refuses to merge into itself or to merge a tombstone again', async () => {
    const a = await seedCustomer(dataSource);
    const b = await seedCustomer(dataSource);
    const c = await seedCustomer(dataSource);
    const why = { kind: 'phone', value: '+14155552671' };
    await expect(merges.merge(a.customerId, a.customerId, why)).rejects.toThrow(/itself/);
    await expect(merges.merge(a.customerId, randomUUID(), why)).rejects.toMatchObject({
      reason: 'not-found',
    });
    await merges.merge(a.customerId, b.customerId, why);
    await expect(merges.merge(a.customerId, c.customerId, why)).rejects.toThrow(/merged away/);
  });
});
