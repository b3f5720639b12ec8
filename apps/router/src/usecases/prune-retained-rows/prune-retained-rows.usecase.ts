import type { Clock } from '@scb/core';
import type { ServiceMetrics } from '@scb/observability';
import type { PruneRetainedRowsCommand } from './prune-retained-rows.command';

/** What the use case needs of the store (`RetentionRepository` in `@scb/persistence`). */
export interface RetentionStore {
  /** Deletes up to `limit` outbox rows published before `before`; never a pending one. */
  deletePublishedOutbox(before: Date, limit: number): Promise<number>;
  /** Deletes up to `limit` processed-event ids recorded before `before`. */
  deleteProcessedEvents(before: Date, limit: number): Promise<number>;
  /** Runs `work` unless another replica holds the retention lock (never waits). */
  exclusively<T>(
    work: () => Promise<T>,
  ): Promise<{ acquired: true; result: T } | { acquired: false }>;
}

/** Rows deleted per table; `skipped` when another replica was pruning. */
export interface PruneRetainedRowsResult {
  skipped: boolean;
  outbox: number;
  processedEvents: number;
  /** DELETE statements run, both tables together. */
  batches: number;
}

/**
 * Prunes published outbox rows and processed-event ids past their bounds, in batches, while
 * holding the retention lock so replicas do not prune at once. The cut-offs are taken once per
 * run from the clock; a table is done when a batch comes back short or `maxBatches` is reached.
 */
export class PruneRetainedRows {
  constructor(
    private readonly store: RetentionStore,
    private readonly clock: Clock,
    private readonly metrics: ServiceMetrics,
  ) {}

  async execute(command: PruneRetainedRowsCommand): Promise<PruneRetainedRowsResult> {
    const now = this.clock.now().getTime();
    const outboxBefore = new Date(now - command.outboxRetentionMs);
    const eventsBefore = new Date(now - command.processedEventsRetentionMs);
    const run = await this.store.exclusively(async () => {
      const outbox = await this.drain('outbox', command, (limit) =>
        this.store.deletePublishedOutbox(outboxBefore, limit),
      );
      const events = await this.drain('processed_events', command, (limit) =>
        this.store.deleteProcessedEvents(eventsBefore, limit),
      );
      return {
        skipped: false,
        outbox: outbox.rows,
        processedEvents: events.rows,
        batches: outbox.batches + events.batches,
      };
    });
    return run.acquired ? run.result : { skipped: true, outbox: 0, processedEvents: 0, batches: 0 };
  }

  private async drain(
    table: 'outbox' | 'processed_events',
    command: PruneRetainedRowsCommand,
    deleteBatch: (limit: number) => Promise<number>,
  ): Promise<{ rows: number; batches: number }> {
    let rows = 0;
    let batches = 0;
    while (batches < command.maxBatches) {
      const deleted = await deleteBatch(command.batchSize);
      batches += 1;
      rows += deleted;
      if (deleted > 0) this.metrics.retentionPrunedRows.inc({ table }, deleted);
      if (deleted < command.batchSize) break;
    }
    return { rows, batches };
  }
}
