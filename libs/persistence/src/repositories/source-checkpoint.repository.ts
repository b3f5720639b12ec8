import type { Database } from '../database';
import { SourceCheckpointEntity } from '../entities/source-checkpoint.entity';

/** The `since_id` checkpoint of each polling source. */
export class SourceCheckpointRepository {
  /** Public so the read-usage counter of the same sources shares the connection pool. */
  constructor(readonly db: Database) {}

  private get checkpoints() {
    return this.db.manager.getRepository(SourceCheckpointEntity);
  }

  /** The newest acknowledged post id (decimal string), or null before the first save. */
  async load(source: string): Promise<string | null> {
    const found = await this.checkpoints.findOneBy({ source });
    return found?.sinceId ?? null;
  }

  /**
   * Moves the checkpoint forward, never back: a slow instance finishing an older chunk after a
   * newer one cannot make the source fetch tweets again.
   */
  async save(source: string, sinceId: string): Promise<void> {
    await this.db.execute(
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
  constructor(private readonly db: Database) {}

  /** Adds `reads` atomically and returns the month's total; `budget` (the poller's) is kept. */
  async add(
    source: string,
    month: string,
    reads: number,
    budget: number | null = null,
  ): Promise<number> {
    const row = await this.db.one<{ reads: string }>(
      `INSERT INTO source_read_usage (source, month, reads, budget) VALUES ($1, $2, $3, $4)
       ON CONFLICT (source, month) DO UPDATE SET reads = source_read_usage.reads + EXCLUDED.reads,
         budget = EXCLUDED.budget, updated_at = now()
       RETURNING reads::text AS reads`,
      [source, month, reads, budget],
    );
    return Number(row!.reads);
  }

  async get(source: string, month: string): Promise<number> {
    const row = await this.db.one<{ reads: string }>(
      `SELECT reads::text AS reads FROM source_read_usage WHERE source = $1 AND month = $2`,
      [source, month],
    );
    return row ? Number(row.reads) : 0;
  }
}
