import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { SocialMentionSchema, type SocialMention } from '@scb/contracts';
import { BatchCaseMatcher, RuleSet } from '@scb/matching';
import {
  normalizeMetaWebhook,
  parseMetaBody,
  xTweetToMention,
  type XTweet,
} from '@scb/social-sources';
import {
  freshDatabase,
  isolatedEnv,
  mentionRecorder,
  platformCase,
  type MentionRecorder,
} from '@scb/testing';
import { Database } from '../database';
import { CaseTimelineRepository } from './case-timeline.repository';

/** Each test gets its own copy of a platform case: the same ids with a suffix (still valid ids). */
function variant(mentions: SocialMention[], suffix: string): SocialMention[] {
  const id = (v: string | null) => (v === null ? null : `${v}${suffix}`);
  return mentions.map((m) => ({
    ...m,
    externalId: `${m.externalId}${suffix}`,
    authorId: `${m.authorId}${suffix}`,
    inReplyToId: id(m.inReplyToId),
    conversationId: id(m.conversationId),
  }));
}

function case01(suffix: string): [SocialMention, SocialMention] {
  const file = JSON.parse(platformCase('01-x-third-party-reply-in-thread').toString('utf8')) as {
    users: Array<{ id: string; username: string; name: string }>;
    tweets: XTweet[];
  };
  const users = new Map(file.users.map((u) => [u.id, u]));
  const [dana, theo] = variant(
    file.tweets.map((t) => SocialMentionSchema.parse(xTweetToMention(t, users, 'x', 'AcmeCare'))),
    suffix,
  );
  return [dana, theo];
}

function case02(suffix: string): [SocialMention, SocialMention, SocialMention] {
  const read = (name: string) => {
    const body = parseMetaBody(platformCase(name).toString('utf8'));
    if (!('value' in body)) throw new Error(body.error);
    const normalized = normalizeMetaWebhook(body.value);
    if ('error' in normalized) throw new Error(normalized.error);
    return normalized.mentions;
  };
  const [page, lena, omar] = variant(
    [
      ...read('02a-meta-page-post-and-first-comment'),
      ...read('02b-meta-second-customer-comment-same-post'),
    ],
    suffix,
  );
  return [page, lena, omar];
}

/**
 * Author-aware threads (issue 12 point 3) through the matcher's use case on real Postgres: the
 * snapshot loaded from the database across batches, and the thread shown as context on the
 * stranger's case timeline.
 */
describe('author-aware threads on real Postgres (platform cases 01, 02a, 02b)', () => {
  let dataSource: DataSource;
  let drop: () => Promise<void>;
  let record: MentionRecorder;
  let timelines: CaseTimelineRepository;
  const decider = () => new BatchCaseMatcher(randomUUID).forBatch(RuleSet.defaults());
  const batch = (...mentions: SocialMention[]) =>
    record(
      mentions.map((mention) => ({ mention, publishedAt: new Date() })),
      decider(),
    );
  const row = async (externalId: string) =>
    (
      await dataSource.query<
        Array<{
          case_id: string;
          customer_id: string;
          decision: { rule: string; context?: { postId: string; caseId: string } };
        }>
      >(`SELECT case_id, customer_id, decision FROM interactions WHERE external_id = $1`, [
        externalId,
      ])
    )[0];
  const postsOn = async (caseId: string) =>
    (
      await dataSource.query<Array<{ external_id: string }>>(
        `SELECT external_id FROM interactions WHERE case_id = $1 ORDER BY occurred_at`,
        [caseId],
      )
    ).map((r) => r.external_id);

  beforeAll(async () => {
    ({ dataSource, drop } = await freshDatabase(isolatedEnv('threads').DB_SCHEMA));
    record = mentionRecorder(dataSource);
    timelines = new CaseTimelineRepository(new Database(dataSource));
  });
  afterAll(() => drop());

  it("01 across batches: Theo's reply opens his own case, Dana's is untouched, and his timeline shows her tweet as context", async () => {
    const [dana, theo] = case01('1');
    await batch(dana);
    await batch(theo);

    const [d, t] = [await row(dana.externalId), await row(theo.externalId)];
    expect(t.case_id).not.toBe(d.case_id);
    expect(t.customer_id).not.toBe(d.customer_id);
    expect(await postsOn(d.case_id)).toEqual([dana.externalId]);
    expect(t.decision).toMatchObject({
      rule: 'new-case',
      context: { postId: dana.externalId, caseId: d.case_id },
    });
    const theirs = (await timelines.get(t.case_id))!;
    expect(theirs.entries.map((e) => [e.kind, e.text])).toEqual([
      ['context', dana.text],
      ['mention', theo.text],
    ]);
    expect(theirs.entries[0]).toMatchObject({ author: 'dana_riv', direction: 'inbound' });
    expect(theirs.entries[0].detail).toContain('not part of this case');
    const hers = (await timelines.get(d.case_id))!;
    expect(hers.entries.map((e) => e.kind)).toEqual(['mention']);
  });

  it('01 in one batch, in either order: two customers, two cases', async () => {
    for (const [suffix, order] of [
      ['2', (d: SocialMention, t: SocialMention) => [d, t]],
      ['3', (d: SocialMention, t: SocialMention) => [t, d]],
    ] as const) {
      const [dana, theo] = case01(suffix);
      await batch(...order(dana, theo));
      const [d, t] = [await row(dana.externalId), await row(theo.externalId)];
      expect({ suffix, apart: t.case_id !== d.case_id }).toEqual({ suffix, apart: true });
      expect(await postsOn(d.case_id)).toEqual([dana.externalId]);
    }
  });

  it("01 the other way round across batches (Theo's reply stored first): his timeline still shows her tweet once it is stored", async () => {
    const [dana, theo] = case01('6');
    await batch(theo);
    await batch(dana);

    const [d, t] = [await row(dana.externalId), await row(theo.externalId)];
    expect(t.case_id).not.toBe(d.case_id);
    expect(await postsOn(d.case_id)).toEqual([dana.externalId]);
    expect((await timelines.get(t.case_id))!.entries.map((e) => [e.kind, e.text])).toEqual([
      ['context', dana.text],
      ['mention', theo.text],
    ]);
    // Her timeline does not show his later reply as context of her tweet.
    expect((await timelines.get(d.case_id))!.entries.map((e) => e.kind)).toEqual(['mention']);
  });

  it("02a then 02b: Omar's comment under the page's post opens his own case, Lena's comment is its context", async () => {
    const [page, lena, omar] = case02('4');
    await batch(page, lena);
    await batch(omar);

    const [l, o] = [await row(lena.externalId), await row(omar.externalId)];
    expect(await row(page.externalId)).toBeUndefined();
    expect(o.case_id).not.toBe(l.case_id);
    expect(await postsOn(l.case_id)).toEqual([lena.externalId]);
    const timeline = (await timelines.get(o.case_id))!;
    expect(timeline.entries.map((e) => [e.kind, e.text])).toEqual([
      ['context', lena.text],
      ['mention', omar.text],
    ]);
  });

  it('a reply to a reply, across batches: Dana answering Theo joins her own thread, not his case', async () => {
    const [dana, theo] = case01('5');
    await batch(dana);
    await batch(theo);
    const answer = SocialMentionSchema.parse({
      ...dana,
      externalId: `${theo.externalId}9`,
      text: '@theo_mk @AcmeCare same, two weeks now',
      inReplyToId: theo.externalId,
      createdAt: '2026-11-30T02:35:00.000Z',
    });
    await batch(answer);

    const [d, t, a] = [
      await row(dana.externalId),
      await row(theo.externalId),
      await row(answer.externalId),
    ];
    expect(a.case_id).toBe(d.case_id);
    expect(a.decision.rule).toBe('conversation');
    expect(await postsOn(t.case_id)).toEqual([theo.externalId]);
  });
});
