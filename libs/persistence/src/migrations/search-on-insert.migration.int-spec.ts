import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { BatchCaseMatcher, RuleSet } from '@scb/matching';
import {
  aMention,
  freshDatabase,
  isolatedEnv,
  mentionRecorder,
  undoMigrationsSince,
  type MentionRecorder,
} from '@scb/testing';
import { Database } from '../database';
import { CaseSearchRepository } from '../repositories/case-search.repository';

/**
 * Full-text search computed in the insert (issue 17, migration SearchOnInsert1767850000000):
 * a post is findable the moment it is stored, edits and erasures re-index in their own UPDATE,
 * the column cannot be written stale, posts stored under the deferred design (indexed or still
 * pending) are all findable after the upgrade, and the previous release's indexer still runs
 * without error and finds nothing to do.
 */
describe('migration SearchOnInsert1767850000000 (real Postgres)', () => {
  let dataSource: DataSource;
  let drop: () => Promise<void>;
  let db: Database;
  let mentions: MentionRecorder;
  const matcher = new BatchCaseMatcher(randomUUID);

  beforeAll(async () => {
    ({ dataSource, drop } = await freshDatabase(isolatedEnv('searchins').DB_SCHEMA));
    db = new Database(dataSource);
    mentions = mentionRecorder(dataSource);
  });
  afterAll(() => drop());

  const record = (mention: ReturnType<typeof aMention>) =>
    mentions([{ mention, publishedAt: new Date() }], matcher.forBatch(RuleSet.defaults()));
  const found = async (text: string) =>
    (
      await new CaseSearchRepository(db).search({
        text,
        sort: [{ field: 'relevance', descending: true }],
        limit: 10,
        offset: 0,
      })
    ).total;

  it('a new post is searchable as soon as its insert commits (stemmed, english)', async () => {
    expect(await found('rebooted')).toBe(0);
    await record(aMention({ authorId: 'si-1', text: '@brand my modem keeps rebooting at night' }));
    expect(await found('rebooted')).toBe(1);
  });

  it('an edit re-indexes in its own UPDATE: the old words stop matching and the new ones match at once', async () => {
    const post = aMention({
      authorId: 'si-2',
      text: '@brand the invoice shows a strange surcharge',
    });
    await record(post);
    expect(await found('surcharge')).toBe(1);

    await record({
      ...post,
      lifecycle: 'edited',
      revisionId: 'rev-2',
      text: '@brand the invoice shows a double payment',
    });
    expect([await found('surcharge'), await found('payment')]).toEqual([0, 1]);

    // A write that leaves the text alone (a removal) leaves the post findable by its words.
    await dataSource.query(`UPDATE interactions SET removed_at = now() WHERE external_id = $1`, [
      post.externalId,
    ]);
    expect(await found('payment')).toBe(1);

    // An erasure replaces the text: its words are gone from the index in the same statement.
    await dataSource.query(`UPDATE interactions SET text = '[erased]' WHERE external_id = $1`, [
      post.externalId,
    ]);
    expect(await found('payment')).toBe(0);
  });

  it('the vector cannot be written stale: a direct write of search is recomputed from the text', async () => {
    await dataSource.query(`UPDATE interactions SET search = NULL`);
    await dataSource.query(`UPDATE interactions SET search = to_tsvector('english', 'unrelated')`);
    expect(await found('rebooted')).toBe(1);
    const [{ stale }]: Array<{ stale: string }> = await dataSource.query(
      `SELECT count(*) AS stale FROM interactions
        WHERE search IS DISTINCT FROM to_tsvector('english', text)`,
    );
    expect(Number(stale)).toBe(0);
  });

  it('the search reads the GIN index', async () => {
    const [{ def }]: Array<{ def: string }> = await dataSource.query(
      `SELECT pg_get_indexdef('interactions_search_idx'::regclass) AS def`,
    );
    expect(def).toMatch(/USING gin \(search\) WHERE \(search IS NOT NULL\)$/);
    // Fresh statistics and sequential scans off, so neither a small table nor autovacuum's
    // timing decides the plan; a rare word, so the GIN index is the plain choice.
    await dataSource.query(`ANALYZE interactions`);
    const plan = await dataSource.transaction(async (tx) => {
      await tx.query(`SET LOCAL enable_seqscan = off`);
      const rows: Array<{ 'QUERY PLAN': string }> = await tx.query(
        `EXPLAIN SELECT i.case_id FROM interactions i
          WHERE i.search @@ websearch_to_tsquery('english', 'rebooting')`,
      );
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    });
    expect(plan).toContain('interactions_search_idx');
  });

  /** The previous release's indexer statement (SearchIndexRepository.indexBatch, removed). */
  const oldIndexerBatch = async () =>
    (
      await db.execute(
        `WITH batch AS (
           SELECT id FROM interactions WHERE search IS NULL
            ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED)
         UPDATE interactions i SET search = to_tsvector('english', i.text)
           FROM batch WHERE i.id = batch.id`,
        [100],
      )
    ).affected;

  it('upgrades posts stored under the deferred design, indexed or still pending; the old indexer finds nothing; it reverts', async () => {
    expect(await undoMigrationsSince(dataSource, 1767850000000)).toBeGreaterThan(0);

    // The deferred design again: posts arrive unindexed (search NULL) and wait for the indexer.
    await record(aMention({ authorId: 'si-3', text: '@brand the parcel went to a neighbour' }));
    await record(aMention({ authorId: 'si-4', text: '@brand refund for the cancelled concert' }));
    await dataSource.query(
      `UPDATE interactions SET search = to_tsvector('english', text) WHERE text LIKE '%concert%'`,
    );
    expect([await found('neighbours'), await found('concerts')]).toEqual([0, 1]);

    await dataSource.runMigrations({ transaction: 'all' });
    expect([await found('neighbours'), await found('concerts'), await found('rebooted')]).toEqual([
      1, 1, 1,
    ]);
    // Old api pods beside the new release (or after a rollback): their indexer runs and finds
    // nothing pending, even for posts the new release stores.
    await record(aMention({ authorId: 'si-5', text: '@brand the lift is broken again' }));
    expect(await oldIndexerBatch()).toBe(0);
    expect(await found('lifts')).toBe(1);

    // Reverted, posts keep their vectors, and the old design works again: a new post waits for
    // the indexer, which indexes it.
    await undoMigrationsSince(dataSource, 1767850000000);
    expect(await found('lifts')).toBe(1);
    await record(aMention({ authorId: 'si-6', text: '@brand my voucher code was rejected' }));
    expect(await found('vouchers')).toBe(0);
    expect(await oldIndexerBatch()).toBe(1);
    expect(await found('vouchers')).toBe(1);
    await dataSource.runMigrations({ transaction: 'all' });
  });
});
