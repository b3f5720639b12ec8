import type { Clock } from '@scb/core';
import type { XReadUsageQuery } from '@scb/persistence';
import { readBudget, type ReadBudget } from '@scb/social-sources';

/** One X poller's reads this month against its budget, as the dashboard shows it. */
export type XReadUsage = ReadBudget & { source: string };

/**
 * X posts read this billing month (UTC) per poller, with the budget and its state (`ok`, `near`
 * from 80 %, `exhausted`, `unlimited`): X bills reads per post with a monthly cap.
 */
export class XReadUsageReader {
  constructor(
    private readonly usage: Pick<XReadUsageQuery, 'month'>,
    private readonly clock: Clock,
  ) {}

  async current(): Promise<XReadUsage[]> {
    const month = this.clock.now().toISOString().slice(0, 7);
    const rows = await this.usage.month(month);
    return rows.map((r) => ({ source: r.source, ...readBudget(r) }));
  }
}
