import type { Database } from '../database';

/** One X poller's reads in a billing month and the budget it counted them against. */
export interface XReadUsageRow {
  source: string;
  /** UTC `YYYY-MM`. */
  month: string;
  reads: number;
  /** null: the poller has no monthly budget. */
  budget: number | null;
}

/** Reads `source_read_usage` (written by the X pollers) for the dashboard. */
export class XReadUsageQuery {
  constructor(private readonly db: Database) {}

  /** Every poller that read in `month` (UTC `YYYY-MM`), by source name. */
  async month(month: string): Promise<XReadUsageRow[]> {
    const rows = await this.db.rows<{
      source: string;
      month: string;
      reads: string;
      budget: string | null;
    }>(
      `SELECT source, month, reads::text AS reads, budget::text AS budget FROM source_read_usage
        WHERE month = $1 ORDER BY source`,
      [month],
    );
    return rows.map((r) => ({
      source: r.source,
      month: r.month,
      reads: Number(r.reads),
      budget: r.budget === null ? null : Number(r.budget),
    }));
  }
}
