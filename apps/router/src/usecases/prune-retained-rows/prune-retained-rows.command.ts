/** One retention run's bounds (from the router's configuration); durations in ms. */
export interface PruneRetainedRowsCommand {
  /** Published outbox rows older than this (by `published_at`) are deleted. */
  outboxRetentionMs: number;
  /** Processed-event ids older than this (by `processed_at`) are deleted. */
  processedEventsRetentionMs: number;
  /** Rows one DELETE removes at most. */
  batchSize: number;
  /** Batches per table in one run at most; the rest waits for the next run. */
  maxBatches: number;
}
