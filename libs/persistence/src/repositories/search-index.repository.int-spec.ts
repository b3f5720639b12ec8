import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { BatchCaseMatcher, RuleSet } from '@scb/matching';
import {
  aMention,
  freshDatabase,
  isolatedEnv,
  mentionRecorder,
  type MentionRecorder,
} from '@scb/testing';
import { Database } from '../database';
import { CaseSearchRepository } from './case-search.repository';
import { SearchIndexRepository } from './search-index.repository';

/** Full-text search filled after the insert (issue 17): the indexer's batches on real Postgres. */
describe('SearchIndexRepository (real Postgres)', () => {
  let dataSource: DataSource;
  let drop: () => Promise<void>;
  let db: Database;
  let index: SearchIndexRepository;
  let mentions: MentionRecorder;
  const matcher = new BatchCaseMatcher(randomUUID);

  beforeAll(async () => {
    ({ dataSource, drop } = await freshDatabase(isolatedEnv('searchidx').DB_SCHEMA));
    db = new Database(dataSource);
    index = new SearchIndexRepository(db);
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
  const drain = async () => {
    let total = 0;
    for (let n = await index.indexBatch(100); n > 0; n = await index.indexBatch(100)) total += n;
    return total;
  };

  it('a new post is searchable once the indexer has run, not before (the insert does not index)', async () => {
    await drain();
    await record(aMention({ authorId: 'si-1', text: '@brand my modem keeps rebooting at night' }));
    expect(await index.pending()).toBe(1);
    expect(await found('rebooted')).toBe(0);

    expect(await index.indexBatch(100)).toBe(1);
    expect(await index.pending()).toBe(0);
    expect(await found('rebooted')).toBe(1); // stemmed, as before
    expect(await index.indexBatch(100)).toBe(0);
  });

  it('an edited text is indexed again: the old words stop matching, the new ones match after the next batch', async () => {
    const post = aMention({
      authorId: 'si-2',
      text: '@brand the invoice shows a strange surcharge',
    });
    await record(post);
    await drain();
    expect(await found('surcharge')).toBe(1);

    await record({
      ...post,
      lifecycle: 'edited',
      revisionId: 'rev-2',
      text: '@brand the invoice shows a double payment',
    });
    // The edit nulled the vector (trigger on text): nothing stale is found meanwhile.
    expect(await index.pending()).toBe(1);
    expect(await found('surcharge')).toBe(0);
    expect(await drain()).toBe(1);
    expect([await found('surcharge'), await found('payment')]).toEqual([0, 1]);

    // Writes that leave the text alone (the indexer's own, a removal) do not queue it again.
    await dataSource.query(`UPDATE interactions SET removed_at = now() WHERE external_id = $1`, [
      post.externalId,
    ]);
    expect(await index.pending()).toBe(0);
  });

  it('two indexers at once split the backlog: every post indexed exactly once, no deadlock', async () => {
    await drain();
    const [{ case_id: caseId, customer_id: customerId }]: Array<{
      case_id: string;
      customer_id: string;
    }> = await dataSource.query(`SELECT case_id, customer_id FROM interactions LIMIT 1`);
    const posts = 3_000;
    await dataSource.query(
      `INSERT INTO interactions (case_id, customer_id, channel, direction, platform, external_id, text, occurred_at, decision, payload)
       SELECT $1, $2, 'social', 'inbound', 'x', 'bulk-' || g, 'parallel post number ' || g || ' about billing',
              now(), '{}', '{}'
         FROM generate_series(1, $3) g`,
      [caseId, customerId, posts],
    );
    expect(await index.pending()).toBe(posts);

    const other = new SearchIndexRepository(new Database(dataSource));
    const run = async (indexer: SearchIndexRepository) => {
      const done: number[] = [];
      for (let n = await indexer.indexBatch(50); n > 0; n = await indexer.indexBatch(50))
        done.push(n);
      return done;
    };
    const [a, b] = await Promise.all([run(index), run(other)]);
    const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);
    expect(sum(a) + sum(b)).toBe(posts);
    expect([a.length > 0, b.length > 0]).toEqual([true, true]); // both did share the work
    expect(await index.pending()).toBe(0);
    const [{ n }]: Array<{ n: string }> = await dataSource.query(
      `SELECT count(*) AS n FROM interactions WHERE search @@ to_tsquery('english', 'billing')`,
    );
    expect(Number(n)).toBe(posts);
  });

  it('the GIN index holds indexed posts only, and the search still reads it (migration 1767820000000)', async () => {
    const [{ def }]: Array<{ def: string }> = await dataSource.query(
      `SELECT pg_get_indexdef('interactions_search_idx'::regclass) AS def`,
    );
    expect(def).toMatch(/USING gin \(search\) WHERE \(search IS NOT NULL\)$/);

    // The search's predicate (`search @@ query`, strict) implies the index's predicate, so the
    // planner may use it. Fresh statistics and sequential scans off, so neither a small table nor
    // autovacuum's timing decides the plan; a rare word, so the GIN index is the plain choice.
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
});
