import type { DataSource } from 'typeorm';

/** The `since_id` checkpoint of each polling source. */
export class SourceCheckpointRepository {
  /** Public so the read-usage counter of the same sources shares the connection pool. */
  constructor(readonly dataSource: DataSource) {}

  async load(source: string): Promise<string | null> {
    const rows: Array<{ since_id: string }> = await this.dataSource.query(
      `SELECT since_id::text AS since_id FROM source_checkpoints WHERE source = $1`,
      [source],
    );
    return rows[0]?.since_id ?? null;
  }

  /**
   * Moves the checkpoint forward, never back: a slow instance finishing an older chunk after a
   * newer one cannot make the source fetch tweets again.
   */
  async save(source: string, sinceId: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO source_checkpoints (source, since_id) VALUES ($1, $2::numeric)
       ON CONFLICT (source) DO UPDATE SET since_id = EXCLUDED.since_id, updated_at = now()
       WHERE source_checkpoints.since_id < EXCLUDED.since_id`,
      [source, sinceId],
    );
  }
}

/**
 * Posts each X poller read per calendar month (UTC `YYYY-MM`): X bills reads per post with a
 * monthly cap, so the count survives restarts and is shared by instances polling one source.
 */
export class SourceReadUsageRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Adds `reads` atomically and returns the month's total; `budget` (the poller's) is kept. */
  async add(
    source: string,
    month: string,
    reads: number,
    budget: number | null = null,
  ): Promise<number> {
    const rows: Array<{ reads: string }> = await this.dataSource.query(
      `INSERT INTO source_read_usage (source, month, reads, budget) VALUES ($1, $2, $3, $4)
       ON CONFLICT (source, month) DO UPDATE SET reads = source_read_usage.reads + EXCLUDED.reads,
         budget = EXCLUDED.budget, updated_at = now()
       RETURNING reads::text AS reads`,
      [source, month, reads, budget],
    );
    return Number(rows[0].reads);
  }

  async get(source: string, month: string): Promise<number> {
    const rows: Array<{ reads: string }> = await this.dataSource.query(
      `SELECT reads::text AS reads FROM source_read_usage WHERE source = $1 AND month = $2`,
      [source, month],
    );
    return rows[0] ? Number(rows[0].reads) : 0;
  }
}
