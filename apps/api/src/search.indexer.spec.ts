import { ServiceMetrics } from '@scb/observability';
import type { SearchIndex } from '@scb/persistence';
import { SearchIndexer } from './search.indexer';

/** A backlog of `pending` posts, taken `limit` at a time. */
class BacklogIndex implements SearchIndex {
  readonly batches: number[] = [];
  constructor(public pendingPosts: number) {}
  async indexBatch(limit: number): Promise<number> {
    const n = Math.min(limit, this.pendingPosts);
    this.pendingPosts -= n;
    this.batches.push(n);
    return n;
  }
  async pending(): Promise<number> {
    return this.pendingPosts;
  }
}

describe('SearchIndexer', () => {
  it('drains in batches until one comes back short', async () => {
    const index = new BacklogIndex(250);
    const indexer = new SearchIndexer(index, { intervalMs: 1000, batchSize: 100, maxBatches: 10 });
    expect(await indexer.drain()).toBe(250);
    expect(index.batches).toEqual([100, 100, 50]);
  });

  it('stops after maxBatches in one look, leaving the rest for the next', async () => {
    const index = new BacklogIndex(1000);
    const indexer = new SearchIndexer(index, { intervalMs: 1000, batchSize: 100, maxBatches: 3 });
    expect(await indexer.drain()).toBe(300);
    expect(index.pendingPosts).toBe(700);
  });

  it('counts indexed posts and reports the backlog at scrape', async () => {
    const index = new BacklogIndex(120);
    const metrics = new ServiceMetrics('api');
    const indexer = new SearchIndexer(
      index,
      { intervalMs: 1000, batchSize: 100, maxBatches: 1 },
      metrics,
    );
    await indexer.drain();
    const { body } = await metrics.exposition();
    expect(body).toMatch(/scb_search_indexed_total\{service="api"\} 100/);
    expect(body).toMatch(/scb_search_index_backlog\{service="api"\} 20/);
  });
});
