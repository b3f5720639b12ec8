import { SocialMentionSchema, type SocialMention } from '@scb/contracts';
import type { MatchingSnapshot, SnapshotLookups } from '@scb/matching';
import type { Database } from '../database';
import { MatchingSnapshotLoader } from './matching-snapshot.loader';

/**
 * Reads what a matching dry-run needs, and writes nothing: the last N stored mentions as they
 * arrived, and the matcher's snapshot of the world just before the first of them, both in one
 * read-only repeatable-read transaction so they agree with each other.
 */
export class MatchingDryRunRepository {
  private readonly snapshots: MatchingSnapshotLoader;

  constructor(private readonly db: Database) {
    this.snapshots = new MatchingSnapshotLoader(db);
  }

  /**
   * Runs in a transaction of its own (not inside another unit of work: its isolation level must
   * be its first statement).
   */
  async load(
    limit: number,
    lookups: (mentions: SocialMention[]) => SnapshotLookups | Promise<SnapshotLookups>,
  ): Promise<{ mentions: SocialMention[]; snapshot: MatchingSnapshot; asOf: Date | null }> {
    return this.db.run(async () => {
      await this.db.execute('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
      const rows = await this.db.rows<{ payload: unknown; received_at: Date }>(
        `SELECT payload, received_at FROM (
           SELECT payload, received_at, id FROM interactions
            WHERE channel = 'social' AND direction = 'inbound'
            ORDER BY received_at DESC, id DESC LIMIT $1) recent
          ORDER BY received_at, id`,
        [limit],
      );
      // Stored payloads were validated on the way in; older shapes get today's defaults. A row
      // stored before a stricter rule (ids per platform) is left out of the dry run, not fatal.
      const mentions = rows.flatMap((r) => {
        const parsed = SocialMentionSchema.safeParse(r.payload);
        return parsed.success ? [parsed.data] : [];
      });
      const asOf = rows[0]?.received_at ?? null;
      const snapshot = await this.snapshots.load(mentions, await lookups(mentions), asOf);
      return { mentions, snapshot, asOf };
    });
  }
}
