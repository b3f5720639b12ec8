import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { planCaseMerge } from '@scb/cases';
import { BatchCaseMatcher, RuleSet } from '@scb/matching';
import {
  aMention,
  freshDatabase,
  isolatedEnv,
  mentionRecorder,
  type MentionRecorder,
  seedCustomer,
} from '@scb/testing';
import { CaseMergeRepository } from './case-merge.repository';
import { CaseTimelineRepository } from './case-timeline.repository';
import { DashboardQueryRepository } from './dashboard-query.repository';
import { ReplyRepository } from './reply.repository';
import { Database } from '../database';

const DAY = 86_400_000;

describe('merged cases and follow-ups in the matcher and on timelines (real Postgres)', () => {
  let dataSource: DataSource;
  let drop: () => Promise<void>;
  let db: Database;
  let mentions: MentionRecorder;
  const matcher = new BatchCaseMatcher(randomUUID);
  const record = (...batch: ReturnType<typeof aMention>[]) =>
    mentions(
      batch.map((mention) => ({ mention, publishedAt: new Date() })),
      matcher.forBatch(RuleSet.defaults()),
    );
  const stored = async (externalId: string) => {
    const [row]: Array<{ case_id: string; rule: string; follows: string | null }> =
      await dataSource.query(
        `SELECT i.case_id, i.decision->>'rule' AS rule, c.follows_case_id AS follows
           FROM interactions i JOIN cases c ON c.id = i.case_id WHERE i.external_id = $1`,
        [externalId],
      );
    return row;
  };

  beforeAll(async () => {
    ({ dataSource, drop } = await freshDatabase(isolatedEnv('casemerge').DB_SCHEMA));
    db = new Database(dataSource);
    mentions = mentionRecorder(dataSource);
  });
  afterAll(() => drop());

  it('follows a merged case for its number and for replies in its threads', async () => {
    const now = new Date().toISOString();
    const first = aMention({ text: 'my bill is wrong', createdAt: now });
    await record(first);
    const { case_id: socialCase } = await stored(first.externalId);
    const [{ customer_id: customerId, case_number: socialNumber }]: Array<{
      customer_id: string;
      case_number: string;
    }> = await dataSource.query(`SELECT customer_id, case_number FROM cases WHERE id = $1`, [
      socialCase,
    ]);
    const phoneCase = randomUUID();
    await dataSource.query(
      `INSERT INTO cases (id, customer_id, origin_channel, opened_at) VALUES ($1, $2, 'phone', now() - interval '1 day')`,
      [phoneCase, customerId],
    );
    const merges = new CaseMergeRepository(db);
    await db.run(async () => {
      const found = await merges.lockCases([socialCase, phoneCase]);
      const plan = planCaseMerge(found.get(phoneCase)!, [found.get(socialCase)!], []);
      await merges.apply(plan, 'ana@example.com', new Date());
    });

    // The agent on the surviving (phone) case answers the customer's latest post, from the merged case.
    const [{ id: agentId }]: Array<{ id: string }> = await dataSource.query(
      `INSERT INTO agents (name) VALUES ('Ana') RETURNING id`,
    );
    const answer = await new ReplyRepository(db).begin({
      requestId: randomUUID(),
      caseId: phoneCase,
      agentId,
      text: 'We are on it',
    });
    expect(answer).toMatchObject({
      kind: 'new',
      reply: { caseId: phoneCase, inReplyTo: { externalId: first.externalId } },
    });

    const reply = aMention({
      authorId: first.authorId,
      inReplyToId: first.externalId,
      text: 'still wrong',
      createdAt: now,
    });
    const stranger = aMention({ text: `about ${socialNumber}`, createdAt: now });
    await record(reply, stranger);

    expect(await stored(reply.externalId)).toMatchObject({
      case_id: phoneCase,
      rule: 'reply-thread',
    });
    expect(await stored(stranger.externalId)).toMatchObject({
      case_id: phoneCase,
      rule: 'case-number',
    });
    const timeline = await new CaseTimelineRepository(db).get(phoneCase);
    expect(timeline?.mergedCases).toEqual([{ id: socialCase, caseNumber: socialNumber }]);
    expect(timeline?.entries.map((e) => [e.kind, e.from])).toEqual(
      expect.arrayContaining([
        ['mention', 'merged-case'],
        ['event', 'this-case'],
        ['mention', 'this-case'],
      ]),
    );
    const merged = await new CaseTimelineRepository(db).get(socialCase);
    expect(merged).toMatchObject({ status: 'merged', mergedInto: { id: phoneCase } });
  });

  it("opens a follow-up of a known customer's recently resolved case; its timeline shows the earlier history and notes", async () => {
    const author = `7${Date.now()}`;
    const { customerId, cases } = await seedCustomer(dataSource, {
      identity: { platform: 'x', externalUserId: author },
      cases: [{ status: 'resolved', resolvedAt: new Date(Date.now() - 31 * DAY) }],
    });
    const [earlier] = cases;
    await dataSource.query(
      `INSERT INTO case_notes (case_id, author_kind, author_id, author_name, body, created_at)
       VALUES ($1, 'user', 'u1', 'ana@example.com', 'promised to waive the late fee', now() - interval '32 days')`,
      [earlier.id],
    );

    const complaint = aMention({
      authorId: author,
      text: 'the late fee is on my bill again',
      createdAt: new Date().toISOString(),
    });
    await record(complaint);

    const row = await stored(complaint.externalId);
    expect(row).toMatchObject({ rule: 'follow-up', follows: earlier.id });
    const timeline = await new CaseTimelineRepository(db).get(row.case_id);
    expect(timeline?.followsCase).toEqual({ id: earlier.id, caseNumber: earlier.caseNumber });
    expect(timeline?.customer.id).toBe(customerId);
    expect(timeline?.entries).toEqual([
      expect.objectContaining({
        kind: 'note',
        text: 'promised to waive the late fee',
        caseNumber: earlier.caseNumber,
        from: 'earlier-case',
      }),
      expect.objectContaining({ kind: 'mention', from: 'this-case' }),
    ]);
  });

  it('a case number named a month after its resolution opens a follow-up of it', async () => {
    const { cases } = await seedCustomer(dataSource, {
      cases: [{ status: 'resolved', resolvedAt: new Date(Date.now() - 200 * DAY) }],
    });
    const complaint = aMention({
      text: `you promised a waiver on ${cases[0].caseNumber}`,
      createdAt: new Date().toISOString(),
    });
    await record(complaint);
    expect(await stored(complaint.externalId)).toMatchObject({
      rule: 'follow-up',
      follows: cases[0].id,
    });
    // The social team's dashboard counts a follow-up as a new case.
    const listed = await new DashboardQueryRepository(db).mentions(
      { from: new Date(Date.now() - 3_600_000), to: new Date(Date.now() + 60_000), outcome: 'new' },
      { limit: 500, offset: 0 },
    );
    expect(listed.items.map((m) => m.externalId)).toContain(complaint.externalId);
  });
});
