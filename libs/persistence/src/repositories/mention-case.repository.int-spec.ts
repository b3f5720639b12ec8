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
import { MentionCaseRepository, type IncomingMention } from './mention-case.repository';

describe('MentionCaseRepository (real Postgres)', () => {
  let dataSource: DataSource;
  let drop: () => Promise<void>;
  let record: MentionRecorder;
  const matcher = new BatchCaseMatcher(randomUUID);
  const decide = matcher.forBatch(RuleSet.defaults());
  const incoming = (overrides: Parameters<typeof aMention>[0] = {}): IncomingMention => ({
    mention: aMention(overrides),
    publishedAt: new Date(),
  });

  beforeAll(async () => {
    ({ dataSource, drop } = await freshDatabase(isolatedEnv('repo').DB_SCHEMA));
    record = mentionRecorder(dataSource);
  });
  afterAll(() => drop());

  it("opens one case per new author and links the author's later posts to it", async () => {
    const author = `author-${randomUUID()}`;
    const result = await record(
      [incoming({ authorId: author }), incoming({ authorId: author })],
      decide,
    );
    const later = await record([incoming({ authorId: author })], decide);

    expect(result).toMatchObject({ stored: 2, duplicates: 0, casesOpened: 1 });
    expect(later).toMatchObject({ stored: 1, duplicates: 0, casesOpened: 0 });
    const cases: Array<{ case_number: string; n: string }> = await dataSource.query(
      `SELECT c.case_number, count(i.id) AS n FROM cases c JOIN interactions i ON i.case_id = c.id
        JOIN customer_identities ci ON ci.customer_id = c.customer_id WHERE ci.external_user_id = $1 GROUP BY c.case_number`,
      [author],
    );
    expect(cases).toHaveLength(1);
    expect(cases[0].case_number).toMatch(/^CS-\d{6}$/);
    expect(Number(cases[0].n)).toBe(3);
  });

  it('stores each interaction with the explanation of its decision and one outbox event', async () => {
    const item = incoming();
    await record([item], decide);
    const [row]: Array<{ decision: { rule: string; summary: string }; id: string }> =
      await dataSource.query(`SELECT id, decision FROM interactions WHERE external_id = $1`, [
        item.mention.externalId,
      ]);
    expect(row.decision.rule).toBe('new-case');
    const events: Array<{ payload: { type: string; interactionId: string; caseNumber: string } }> =
      await dataSource.query(`SELECT payload FROM outbox WHERE payload->>'interactionId' = $1`, [
        row.id,
      ]);
    expect(events).toHaveLength(1);
    expect(events[0].payload).toMatchObject({
      type: 'caseOpened',
      interactionId: row.id,
      caseNumber: expect.stringMatching(/^CS-/),
    });
  });

  it('writes a batch of case events in the order of its mentions, each as the event itself with its traceparent', async () => {
    const traceparent = (n: number) => `00-${String(n).padStart(32, 'a')}-${'b'.repeat(16)}-01`;
    const batch = [incoming(), incoming(), incoming()].map((item, n) => ({
      ...item,
      traceparent: n === 1 ? undefined : traceparent(n),
    }));

    await record(batch, decide);

    const rows: Array<{
      event_id: string;
      topic: string;
      message_key: string;
      traceparent: string | null;
      payload: { eventId: string; caseId: string; externalId: string; tags: string[] };
    }> = await dataSource.query(
      `SELECT event_id, topic, message_key, traceparent, payload FROM outbox
        WHERE payload->>'externalId' = ANY($1) ORDER BY id`,
      [batch.map((b) => b.mention.externalId)],
    );
    expect(rows.map((r) => r.payload.externalId)).toEqual(batch.map((b) => b.mention.externalId));
    expect(rows.map((r) => r.traceparent)).toEqual([traceparent(0), null, traceparent(2)]);
    for (const row of rows) {
      expect(row).toMatchObject({
        event_id: row.payload.eventId,
        message_key: row.payload.caseId,
        topic: 'cases.events.v1',
      });
      expect(row.payload).toMatchObject({ type: 'caseOpened', schemaVersion: 1 });
      expect(row.payload.tags).toEqual(expect.any(Array));
    }
  });

  it("stores a new author as a persona customer with the platform's proven identity", async () => {
    const author = `persona-${randomUUID()}`;
    await record(
      [incoming({ authorId: author, authorHandle: 'o\'brien "q" \\', authorName: 'Zoë "Q"' })],
      decide,
    );

    expect(
      await dataSource.query(
        `SELECT c.persona, c.display_name, ci.handle, ci.display_name AS identity_name, ci.link,
                ci.trust, ci.source, ci.evidence
           FROM customer_identities ci JOIN customers c ON c.id = ci.customer_id
          WHERE ci.external_user_id = $1`,
        [author],
      ),
    ).toEqual([
      {
        persona: true,
        display_name: 'Zoë "Q"',
        handle: 'o\'brien "q" \\',
        identity_name: 'Zoë "Q"',
        link: 'observed',
        trust: 'proven',
        source: 'platform',
        evidence: null,
      },
    ]);
  });

  it("joins the customer's most recently active open case when it has two", async () => {
    const author = `two-open-${randomUUID()}`;
    const customer = randomUUID();
    const [recent, older] = [randomUUID(), randomUUID()];
    await dataSource.query(`INSERT INTO customers (id) VALUES ($1)`, [customer]);
    await dataSource.query(
      `INSERT INTO customer_identities (customer_id, platform, external_user_id, link) VALUES ($1, 'x', $2, 'observed')`,
      [customer, author],
    );
    // The older one inserted last, so neither insert order nor physical order gives the answer.
    await dataSource.query(
      `INSERT INTO cases (id, customer_id, origin_channel, last_activity_at) VALUES
         ($1, $3, 'phone', now() - interval '1 hour'), ($2, $3, 'phone', now() - interval '2 days')`,
      [recent, older, customer],
    );
    await dataSource.query(
      `UPDATE cases SET last_activity_at = now() - interval '3 days' WHERE id = $1`,
      [older],
    );

    const post = incoming({ authorId: author });
    await record([post], decide);

    const [row]: Array<{ case_id: string }> = await dataSource.query(
      `SELECT case_id FROM interactions WHERE external_id = $1`,
      [post.mention.externalId],
    );
    expect(row.case_id).toBe(recent);
  });

  it('touches a joined open case in place: a HOT update, no new index entries (migration 1767821000000)', async () => {
    const author = `hot-${randomUUID()}`;
    await record([incoming({ authorId: author })], decide);
    const [{ case_id: caseId }]: Array<{ case_id: string }> = await dataSource.query(
      `SELECT i.case_id FROM interactions i WHERE i.author_id = $1`,
      [author],
    );
    const db = new Database(dataSource);
    const repo = new MentionCaseRepository(db, 'cases.events.v1');

    // The backend's own counters (not yet flushed to the shared statistics), read around the
    // touch on one connection, so other tests' writes cannot blur them.
    const counters = () =>
      db.one<{ updated: string; hot: string }>(
        `SELECT pg_stat_get_xact_tuples_updated('cases'::regclass) AS updated,
                pg_stat_get_xact_tuples_hot_updated('cases'::regclass) AS hot`,
      );
    const [before, after] = await db.run(async () => {
      const start = await counters();
      await repo.touchCases([caseId]);
      return [start, await counters()];
    });
    const counts = {
      updated: Number(after!.updated) - Number(before!.updated),
      hot: Number(after!.hot) - Number(before!.hot),
    };

    expect(counts).toEqual({ updated: 1, hot: 1 });
  });

  it('changes nothing when the same batch is delivered again', async () => {
    const batch = [incoming(), incoming(), incoming()];
    await record(batch, decide);
    const before = await countRows(dataSource, 'SELECT 1 FROM interactions');
    const outboxBefore = await countRows(dataSource, 'SELECT 1 FROM outbox');

    const again = await record(batch, decide);

    expect(again).toMatchObject({ stored: 0, duplicates: 3, casesOpened: 0 });
    expect(await countRows(dataSource, 'SELECT 1 FROM interactions')).toBe(before);
    expect(await countRows(dataSource, 'SELECT 1 FROM outbox')).toBe(outboxBefore);
  });

  it('opens exactly one case when two matchers take the same new author at once', async () => {
    const author = `race-${randomUUID()}`;
    await Promise.all([
      record([incoming({ authorId: author })], decide),
      record([incoming({ authorId: author })], decide),
      record([incoming({ authorId: author })], decide),
    ]);
    expect(
      await countRows(
        dataSource,
        `SELECT 1 FROM cases c JOIN customer_identities ci ON ci.customer_id = c.customer_id WHERE ci.external_user_id = $1`,
        [author],
      ),
    ).toBe(1);
    expect(
      await countRows(dataSource, `SELECT 1 FROM customer_identities WHERE external_user_id = $1`, [
        author,
      ]),
    ).toBe(1);
  });

  it('threads a reply onto the case of the post it answers', async () => {
    const original = incoming();
    await record([original], decide);
    const reply = incoming({
      authorId: original.mention.authorId,
      inReplyToId: original.mention.externalId,
    });
    await record([reply], decide);
    const cases: Array<{ case_id: string }> = await dataSource.query(
      `SELECT DISTINCT case_id FROM interactions WHERE external_id = ANY($1)`,
      [[original.mention.externalId, reply.mention.externalId]],
    );
    expect(cases).toHaveLength(1);
  });

  it("files the brand's reply on the thread's case as outbound, unrouted; an orphan one is left out", async () => {
    const post = incoming();
    await record([post], decide);
    const brand = `brand-${randomUUID()}`;
    const reply = incoming({
      authorId: brand,
      direction: 'outbound',
      inReplyToId: post.mention.externalId,
    });
    const orphan = incoming({
      authorId: brand,
      direction: 'outbound',
      inReplyToId: '999999999999999',
    });
    const answer = incoming({
      authorId: post.mention.authorId,
      inReplyToId: reply.mention.externalId,
    });

    const result = await record([reply, orphan, answer], decide);

    expect(result).toMatchObject({ stored: 2, brandRepliesLeftOut: 1, casesOpened: 0 });
    const rows: Array<{ external_id: string; direction: string; case_id: string }> =
      await dataSource.query(
        `SELECT external_id, direction, case_id FROM interactions WHERE external_id = ANY($1) ORDER BY occurred_at`,
        [[post, reply, answer].map((i) => i.mention.externalId)],
      );
    expect(new Set(rows.map((r) => r.case_id)).size).toBe(1);
    expect(rows.find((r) => r.external_id === reply.mention.externalId)?.direction).toBe(
      'outbound',
    );
    expect(
      await countRows(dataSource, `SELECT 1 FROM customer_identities WHERE external_user_id = $1`, [
        brand,
      ]),
    ).toBe(0);
    expect(
      await countRows(dataSource, `SELECT 1 FROM outbox WHERE payload->>'externalId' = $1`, [
        reply.mention.externalId,
      ]),
    ).toBe(0);
  });
});
