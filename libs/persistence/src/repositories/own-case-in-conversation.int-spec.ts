import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { SocialMention } from '@scb/contracts';
import { BatchCaseMatcher, customerConversationKey, RuleSet } from '@scb/matching';
import {
  aMention,
  freshDatabase,
  isolatedEnv,
  mentionRecorder,
  type MentionRecorder,
} from '@scb/testing';
import { Database } from '../database';
import { MatchingSnapshotLoader } from './matching-snapshot.loader';

const DAY = 86_400_000;

/**
 * The last eval:twcs split (docs/performance.md "Evaluation"): a customer answers, 8 days later,
 * the brand's reply to another customer in an X conversation they posted in before. Through the
 * matcher's use case on real Postgres, each step a batch of its own (the snapshot loader's
 * per-customer conversation lookup, not the batch's memory, finds the author's own case).
 */
describe("the author's own case in a conversation whose latest case is another customer's (Postgres)", () => {
  let dataSource: DataSource;
  let drop: () => Promise<void>;
  let record: MentionRecorder;
  const rules = RuleSet.parse({ policy: { reopenWindowHours: 72 } }, 1);
  const batch = (...mentions: SocialMention[]) =>
    record(
      mentions.map((mention) => ({ mention, publishedAt: new Date() })),
      new BatchCaseMatcher(randomUUID).forBatch(rules),
    );
  const row = async (externalId: string) =>
    (
      await dataSource.query<
        Array<{
          case_id: string;
          customer_id: string;
          status: string;
          received_at: Date;
          decision: { rule: string };
        }>
      >(
        `SELECT i.case_id, c.customer_id, c.status, i.received_at, i.decision FROM interactions i
           JOIN cases c ON c.id = i.case_id WHERE i.external_id = $1`,
        [externalId],
      )
    )[0];

  beforeAll(async () => {
    ({ dataSource, drop } = await freshDatabase(isolatedEnv('ownconv').DB_SCHEMA));
    record = mentionRecorder(dataSource);
  });
  afterAll(() => drop());

  /** Ann's tweet (her case resolved a day later), Bob's in the same thread, the brand's answer to Bob. */
  async function thread(conversationId: string, ann: string, bob: string) {
    const start = Date.parse('2026-01-01T10:00:00Z');
    const at = (ms: number) => new Date(start + ms).toISOString();
    const annTweet = aMention({ authorId: ann, conversationId, createdAt: at(0) });
    await batch(annTweet);
    const annCase = await row(annTweet.externalId);
    await dataSource.query(`UPDATE cases SET status = 'resolved', resolved_at = $2 WHERE id = $1`, [
      annCase.case_id,
      new Date(start + DAY),
    ]);
    const bobTweet = aMention({
      authorId: bob,
      conversationId,
      inReplyToId: conversationId,
      createdAt: at(2 * DAY),
    });
    await batch(bobTweet);
    const brandToBob = aMention({
      direction: 'outbound',
      authorId: 'AcmeCare',
      inReplyToId: bobTweet.externalId,
      conversationId,
      partyId: bob,
      createdAt: at(2 * DAY + 60_000),
    });
    await batch(brandToBob);
    const answer = aMention({
      authorId: ann,
      inReplyToId: brandToBob.externalId,
      conversationId,
      createdAt: at(9 * DAY),
    });
    return { annTweet, annCase, bobTweet, brandToBob, answer };
  }

  it("reopens Ann's own case 8 days after it was resolved; Bob's case keeps only his thread", async () => {
    const { annCase, bobTweet, brandToBob, answer } = await thread('4200001', '7200001', '7200002');
    const bobCase = await row(bobTweet.externalId);
    expect(bobCase.case_id).not.toBe(annCase.case_id);
    expect((await row(brandToBob.externalId)).case_id).toBe(bobCase.case_id);

    await batch(answer);

    expect(await row(answer.externalId)).toMatchObject({
      case_id: annCase.case_id,
      customer_id: annCase.customer_id,
      status: 'open',
      decision: { rule: 'conversation' },
    });
  });

  it('a dry-run (asOf) sees her own case in the thread only once her tweet was stored', async () => {
    const { annTweet, annCase, answer } = await thread('4200002', '7200003', '7200004');
    const loader = new MatchingSnapshotLoader(new Database(dataSource));
    const lookups = { caseNumbers: [], identifiers: [] };
    const key = customerConversationKey('x', '4200002', annCase.customer_id);

    const now = await loader.load([answer], lookups, new Date(Date.now() + 1000));
    const before = await loader.load(
      [answer],
      lookups,
      (await row(annTweet.externalId)).received_at,
    );

    expect(now.customerCaseByConversation.get(key)).toMatchObject({
      caseId: annCase.case_id,
      status: 'resolved',
    });
    expect(before.customerCaseByConversation.size).toBe(0);
  });
});
