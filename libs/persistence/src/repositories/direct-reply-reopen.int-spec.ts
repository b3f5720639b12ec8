import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { SocialMention } from '@scb/contracts';
import { BatchCaseMatcher, RuleSet } from '@scb/matching';
import {
  aMention,
  freshDatabase,
  isolatedEnv,
  mentionRecorder,
  type MentionRecorder,
} from '@scb/testing';

const DAY = 86_400_000;

/**
 * A direct reply reopens the customer's own case beyond the reopen window (docs/architecture.md
 * "Decision order"), through the matcher's use case on real Postgres: the brand's answer filed
 * on the case from the database's snapshot in one batch, the customer's answer to it days later
 * in another.
 */
describe('a direct reply to the brand on a case resolved outside the reopen window (Postgres)', () => {
  let dataSource: DataSource;
  let drop: () => Promise<void>;
  let record: MentionRecorder;
  const batch = (...mentions: SocialMention[]) =>
    record(
      mentions.map((mention) => ({ mention, publishedAt: new Date() })),
      new BatchCaseMatcher(randomUUID).forBatch(
        RuleSet.parse({ policy: { reopenWindowHours: 72 } }, 1),
      ),
    );
  const row = async (externalId: string) =>
    (
      await dataSource.query<
        Array<{ case_id: string; status: string; decision: { rule: string }; direction: string }>
      >(
        `SELECT i.case_id, c.status, i.decision, i.direction FROM interactions i
           JOIN cases c ON c.id = i.case_id WHERE i.external_id = $1`,
        [externalId],
      )
    )[0];
  const resolve = (caseId: string, at: Date) =>
    dataSource.query(`UPDATE cases SET status = 'resolved', resolved_at = $2 WHERE id = $1`, [
      caseId,
      at,
    ]);

  beforeAll(async () => {
    ({ dataSource, drop } = await freshDatabase(isolatedEnv('directreply').DB_SCHEMA));
    record = mentionRecorder(dataSource);
  });
  afterAll(() => drop());

  /** The customer's tweet, the brand's answer a minute later, the case resolved a day later. */
  async function answeredAndResolved(authorId: string) {
    const start = Date.parse('2026-01-01T10:00:00Z');
    const tweet = aMention({ authorId, createdAt: new Date(start).toISOString() });
    const brand = aMention({
      direction: 'outbound',
      authorId: 'AcmeCare',
      inReplyToId: tweet.externalId,
      partyId: authorId,
      createdAt: new Date(start + 60_000).toISOString(),
    });
    await batch(tweet);
    await batch(brand);
    const caseId = (await row(tweet.externalId)).case_id;
    await resolve(caseId, new Date(start + DAY));
    return { tweet, brand, caseId, resolvedAt: start + DAY };
  }

  it("reopens the case when the customer answers the brand's reply 10 days after it was resolved", async () => {
    const { brand, caseId, resolvedAt } = await answeredAndResolved('7100001');
    expect(await row(brand.externalId)).toMatchObject({
      case_id: caseId,
      direction: 'outbound',
      decision: { rule: 'brand-reply' },
    });
    const answer = aMention({
      authorId: '7100001',
      inReplyToId: brand.externalId,
      createdAt: new Date(resolvedAt + 10 * DAY).toISOString(),
    });

    await batch(answer);

    expect(await row(answer.externalId)).toMatchObject({
      case_id: caseId,
      status: 'open',
      decision: { rule: 'reply-thread' },
    });
  });

  it('opens a new case for the same customer tweeting 10 days later without replying', async () => {
    const { caseId, resolvedAt } = await answeredAndResolved('7100002');
    const later = aMention({
      authorId: '7100002',
      createdAt: new Date(resolvedAt + 10 * DAY).toISOString(),
    });

    await batch(later);

    const stored = await row(later.externalId);
    expect(stored.case_id).not.toBe(caseId);
    // A new case, linked as a follow-up of the earlier one (issue 12 point 6), not a reopen.
    expect(stored.decision.rule).toBe('follow-up');
  });

  it('reopens it for a post in the same X conversation 10 days later (a reply to a post the product never saw)', async () => {
    const start = Date.parse('2026-01-01T10:00:00Z');
    const tweet = aMention({
      authorId: '7100003',
      conversationId: '4100003',
      createdAt: new Date(start).toISOString(),
    });
    await batch(tweet);
    const caseId = (await row(tweet.externalId)).case_id;
    await resolve(caseId, new Date(start + DAY));
    const later = aMention({
      authorId: '7100003',
      inReplyToId: '4100009',
      conversationId: '4100003',
      createdAt: new Date(start + 11 * DAY).toISOString(),
    });

    await batch(later);

    expect(await row(later.externalId)).toMatchObject({
      case_id: caseId,
      status: 'open',
      decision: { rule: 'conversation' },
    });
  });
});
