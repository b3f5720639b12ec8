import { Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { ServiceMetrics } from '@scb/observability';
import type { SearchIndex } from '@scb/persistence';

export interface SearchIndexerOptions {
  /** Milliseconds between looks for pending posts: the upper bound of the search lag. */
  intervalMs: number;
  /** Posts per statement. */
  batchSize: number;
  /** Batches per look at most, so one look is bounded (the next look goes on). */
  maxBatches: number;
}

/**
 * Keeps full-text search on posts eventually consistent, off the matcher's insert path: every
 * `intervalMs` it indexes pending posts (new, or text edited or erased since) in bounded
 * set-based batches. Every api replica runs one; the batches lock with SKIP LOCKED, so replicas
 * split the backlog instead of doubling the work. Exposes `scb_search_index_backlog` (pending
 * posts, read at scrape) and `scb_search_indexed_total`.
 */
export class SearchIndexer implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(SearchIndexer.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;

  constructor(
    private readonly index: SearchIndex,
    private readonly options: SearchIndexerOptions,
    private readonly metrics: ServiceMetrics | null = null,
  ) {
    if (metrics) {
      const backlog = metrics.searchIndexBacklog;
      metrics.beforeScrape(async () => backlog.set(await index.pending()));
    }
  }

  /** Indexes one batch; returns how many posts it indexed. */
  async indexBatch(): Promise<number> {
    const indexed = await this.index.indexBatch(this.options.batchSize);
    this.metrics?.searchIndexed.inc(indexed);
    return indexed;
  }

  /**
   * Indexes batches until one comes back short (nothing left for this indexer) or `maxBatches`
   * were done; returns how many posts it indexed.
   */
  async drain(): Promise<number> {
    let total = 0;
    for (let i = 0; i < this.options.maxBatches; i += 1) {
      const indexed = await this.indexBatch();
      total += indexed;
      if (indexed < this.options.batchSize) break;
    }
    return total;
  }

  onModuleInit(): void {
    this.timer = setInterval(() => {
      if (this.running) return; // a long look is still going: no overlap
      this.running = this.drain()
        .catch((error: unknown) =>
          this.logger.error({ message: 'search indexing failed', error: String(error) }),
        )
        .finally(() => (this.running = null));
    }, this.options.intervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
