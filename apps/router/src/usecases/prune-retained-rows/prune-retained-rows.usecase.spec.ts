import { ServiceMetrics } from '@scb/observability';
import { ManualClock } from '@scb/testing';
import type { PruneRetainedRowsCommand } from './prune-retained-rows.command';
import { PruneRetainedRows, type RetentionStore } from './prune-retained-rows.usecase';

const HOUR = 3_600_000;

/** Rows with a timestamp, deleted oldest first like the SQL; records each DELETE's cut-off. */
class InMemoryRetentionStore implements RetentionStore {
  outbox: Array<{ publishedAt: Date | null }> = [];
  events: Array<{ processedAt: Date }> = [];
  locked = false;
  calls: Array<{ table: string; before: Date; limit: number }> = [];

  async deletePublishedOutbox(before: Date, limit: number): Promise<number> {
    this.calls.push({ table: 'outbox', before, limit });
    const doomed = this.outbox.filter((r) => r.publishedAt !== null && r.publishedAt < before);
    const gone = new Set(doomed.slice(0, limit));
    this.outbox = this.outbox.filter((r) => !gone.has(r));
    return gone.size;
  }

  async deleteProcessedEvents(before: Date, limit: number): Promise<number> {
    this.calls.push({ table: 'processed_events', before, limit });
    const gone = new Set(this.events.filter((r) => r.processedAt < before).slice(0, limit));
    this.events = this.events.filter((r) => !gone.has(r));
    return gone.size;
  }

  async exclusively<T>(
    work: () => Promise<T>,
  ): Promise<{ acquired: true; result: T } | { acquired: false }> {
    if (this.locked) return { acquired: false };
    return { acquired: true, result: await work() };
  }
}

const command: PruneRetainedRowsCommand = {
  outboxRetentionMs: 24 * HOUR,
  processedEventsRetentionMs: 14 * 24 * HOUR,
  batchSize: 2,
  maxBatches: 10,
};

describe('PruneRetainedRows', () => {
  const clock = new ManualClock('2026-03-01T00:00:00.000Z');
  const ago = (ms: number) => new Date(clock.now().getTime() - ms);
  let store: InMemoryRetentionStore;
  let metrics: ServiceMetrics;
  let prune: PruneRetainedRows;

  beforeEach(() => {
    store = new InMemoryRetentionStore();
    metrics = new ServiceMetrics('router');
    prune = new PruneRetainedRows(store, clock, metrics);
  });

  it('deletes rows past their bounds in batches, keeps the rest and never a pending outbox row', async () => {
    store.outbox = [
      ...Array.from({ length: 5 }, () => ({ publishedAt: ago(25 * HOUR) })),
      { publishedAt: ago(23 * HOUR) },
      { publishedAt: null },
    ];
    store.events = [{ processedAt: ago(15 * 24 * HOUR) }, { processedAt: ago(13 * 24 * HOUR) }];

    const result = await prune.execute(command);

    expect(result).toEqual({ skipped: false, outbox: 5, processedEvents: 1, batches: 4 });
    expect(store.outbox).toEqual([{ publishedAt: ago(23 * HOUR) }, { publishedAt: null }]);
    expect(store.events).toEqual([{ processedAt: ago(13 * 24 * HOUR) }]);
    expect(store.calls.map((c) => c.table)).toEqual([
      'outbox',
      'outbox',
      'outbox',
      'processed_events',
    ]);
    expect(store.calls[0]).toEqual({ table: 'outbox', before: ago(24 * HOUR), limit: 2 });
    expect(store.calls[3].before).toEqual(ago(14 * 24 * HOUR));
    const body = (await metrics.exposition()).body;
    expect(body).toContain('scb_retention_pruned_rows_total{table="outbox",service="router"} 5');
    expect(body).toContain(
      'scb_retention_pruned_rows_total{table="processed_events",service="router"} 1',
    );
  });

  it('stops a table after maxBatches, leaving the backlog for the next run', async () => {
    store.outbox = Array.from({ length: 9 }, () => ({ publishedAt: ago(48 * HOUR) }));

    const first = await prune.execute({ ...command, maxBatches: 3 });
    expect(first.outbox).toBe(6);
    expect(store.outbox).toHaveLength(3);

    const second = await prune.execute({ ...command, maxBatches: 3 });
    expect(second.outbox).toBe(3);
    expect(store.outbox).toHaveLength(0);
  });

  it('skips the run while another replica holds the retention lock', async () => {
    store.locked = true;
    store.outbox = [{ publishedAt: ago(48 * HOUR) }];

    expect(await prune.execute(command)).toEqual({
      skipped: true,
      outbox: 0,
      processedEvents: 0,
      batches: 0,
    });
    expect(store.outbox).toHaveLength(1);
    expect(store.calls).toEqual([]);
  });
});
