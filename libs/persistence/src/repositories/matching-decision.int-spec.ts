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
import type { IncomingMention } from './mention-case.repository';

describe('matching decisions on real Postgres', () => {
  let dataSource: DataSource;
  let drop: () => Promise<void>;
  let recordBatch: MentionRecorder;
  const matcher = new BatchCaseMatcher(randomUUID);
  const ruleSet = RuleSet.parse(
    {
      identifiers: { accountNumber: 'AC-\\d{6}' },
      rules: [
        {
          id: 'spam',
          when: { type: 'textContainsAny', values: ['free crypto'] },
          then: { ignore: true },
        },
        {
          id: 'billing',
          when: { type: 'textContainsAny', values: ['refund'] },
          then: { category: 'billing', priority: 2, tags: ['money', 'a "quoted", \\ tag'] },
        },
      ],
    },
    3,
  );
  const record = (...mentions: Array<ReturnType<typeof aMention>>) =>
    recordBatch(
      mentions.map((mention): IncomingMention => ({ mention, publishedAt: new Date() })),
      matcher.forBatch(ruleSet),
    );
  const interaction = async (externalId: string) => {
    const [row]: Array<{
      case_id: string | null;
      customer_id: string;
      ignored: boolean;
      rule_set_version: number;
      tags: string[];
      decision: { rule: string; identity: { signal: string }; rulesFired: string[] };
    }> = await dataSource.query(
      `SELECT case_id, customer_id, ignored, rule_set_version, tags, decision FROM interactions WHERE external_id = $1`,
      [externalId],
    );
    return row;
  };

  beforeAll(async () => {
    ({ dataSource, drop } = await freshDatabase(isolatedEnv('decide').DB_SCHEMA));
    recordBatch = mentionRecorder(dataSource);
  });
  afterAll(() => drop());

  it('links an unknown author who names a case number, and records the inferred identity with its evidence', async () => {
    const { customerId, cases } = await seedCustomer(dataSource, { cases: [{}] });
    const mention = aMention({ text: `any news on ${cases[0].caseNumber}?` });

    await record(mention);

    expect(await interaction(mention.externalId)).toMatchObject({
      case_id: cases[0].id,
      customer_id: customerId,
      decision: { rule: 'case-number', identity: { signal: 'inferred' } },
    });
    const [identity]: Array<{ customer_id: string; link: string; evidence: object }> =
      await dataSource.query(
        `SELECT customer_id, link, evidence FROM customer_identities WHERE external_user_id = $1`,
        [mention.authorId],
      );
    expect(identity).toEqual({
      customer_id: customerId,
      link: 'inferred',
      evidence: { kind: 'case-number', value: cases[0].caseNumber, externalId: mention.externalId },
    });
    expect(await countRows(dataSource, `SELECT 1 FROM customers WHERE id = $1`, [customerId])).toBe(
      1,
    );
  });

  it('ties an unknown author to a customer by account number, email and phone on file', async () => {
    for (const [identifier, text] of [
      [{ kind: 'account' as const, value: 'AC-123456' }, 'account ac-123456 is locked'],
      [{ kind: 'email' as const, value: 'kim@example.org' }, 'I am Kim@Example.org'],
      [{ kind: 'phone' as const, value: '+14155552671' }, 'call me on (415) 555-2671'],
    ] as const) {
      const { customerId, cases } = await seedCustomer(dataSource, {
        identifiers: [identifier],
        cases: [{}],
      });
      const mention = aMention({ text });
      await record(mention);
      expect(await interaction(mention.externalId)).toMatchObject({
        customer_id: customerId,
        case_id: cases[0].id,
      });
    }
  });

  it('reopens a case resolved inside the reopen window', async () => {
    const authorId = `a-${randomUUID()}`;
    const { cases } = await seedCustomer(dataSource, {
      identity: { platform: 'x', externalUserId: authorId },
      cases: [{ status: 'resolved', resolvedAt: new Date(Date.now() - 3_600_000) }],
    });
    const mention = aMention({ authorId, createdAt: new Date().toISOString() });

    const result = await record(mention);

    expect(result).toMatchObject({ stored: 1, reopened: 1, casesOpened: 0 });
    expect((await interaction(mention.externalId)).case_id).toBe(cases[0].id);
    const [row]: Array<{ status: string; resolved_at: Date | null }> = await dataSource.query(
      `SELECT status, resolved_at FROM cases WHERE id = $1`,
      [cases[0].id],
    );
    expect(row).toEqual({ status: 'open', resolved_at: null });
  });

  it('stores an ignored mention on no case, without a case event, with the rule-set version', async () => {
    const mention = aMention({ text: 'FREE crypto for all' });
    const before = await countRows(dataSource, 'SELECT 1 FROM outbox');

    const result = await record(mention);

    expect(result).toMatchObject({ stored: 1, ignored: 1, casesOpened: 0 });
    expect(await interaction(mention.externalId)).toMatchObject({
      case_id: null,
      ignored: true,
      rule_set_version: 3,
      decision: { rule: 'ignored', rulesFired: ['spam'] },
    });
    expect(await countRows(dataSource, 'SELECT 1 FROM outbox')).toBe(before);
  });

  it('opens a case with the category, priority and tags of the rules', async () => {
    const mention = aMention({ text: 'I want a refund' });
    await record(mention);
    const row = await interaction(mention.externalId);
    expect(row.tags).toEqual(['money', 'a "quoted", \\ tag']);
    const [c]: Array<{ category: string; priority: number }> = await dataSource.query(
      `SELECT category, priority FROM cases WHERE id = $1`,
      [row.case_id],
    );
    expect(c).toEqual({ category: 'billing', priority: 2 });
  });

  it("keeps a conversation on its customer's case across batches; another author gets their own", async () => {
    const root = aMention({ conversationId: null });
    await record(root);
    const other = aMention({ authorId: root.authorId, conversationId: root.externalId });
    const third = aMention({ authorId: root.authorId, conversationId: root.externalId });
    await record(other);
    await record(third);
    const rows: Array<{ case_id: string }> = await dataSource.query(
      `SELECT DISTINCT case_id FROM interactions WHERE external_id = ANY($1)`,
      [[root.externalId, other.externalId, third.externalId]],
    );
    expect(rows).toHaveLength(1);
    const stranger = aMention({ conversationId: root.externalId });
    await record(stranger);
    expect((await interaction(stranger.externalId)).case_id).not.toBe(rows[0].case_id);
  });
});
