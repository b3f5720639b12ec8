import type { SocialMention } from '@scb/contracts';
import type { Database } from '../database';
import type { IncomingMention } from './mention-case.repository';

/** A held brand post: the mention as consumed, and how often it was retried. */
export interface HeldBrandPost extends IncomingMention {
  attempts: number;
  heldAt: Date;
}

/** Per platform: brand posts waiting for their thread's case, and those given up (by reason). */
export interface HeldBrandPostCounts {
  platform: string;
  held: number;
  ignored: Record<string, number>;
}

interface Row {
  mention: SocialMention;
  published_at: Date;
  traceparent: string | null;
  attempts: number;
  held_at: Date;
}

const keysOf = (items: Array<{ mention: SocialMention }>) => [
  items.map((i) => i.mention.platform),
  items.map((i) => i.mention.externalId),
];

/**
 * Brand posts (direction outbound) whose thread had no case when the matcher decided them
 * (`held_brand_posts`). Reads and writes only: when to retry and when to give up is decided by
 * the caller (apps/matcher HeldBrandPostsStep). Every write is set-based and idempotent (a
 * redelivered batch holds nothing twice; releasing an absent row changes nothing).
 */
export class HeldBrandPostRepository {
  constructor(private readonly db: Database) {}

  /** Holds the posts (first attempt due at `retryAt`); a post already held is left as it is. */
  async hold(items: IncomingMention[], now: Date, retryAt: Date): Promise<number> {
    if (items.length === 0) return 0;
    const { affected } = await this.db.execute(
      `INSERT INTO held_brand_posts (platform, external_id, mention, published_at, traceparent, held_at, next_attempt_at)
       SELECT platform, external_id, mention, published_at, traceparent, $5, $6
         FROM unnest($1::text[], $2::text[], $3::jsonb[], $4::timestamptz[], $7::text[])
           AS t(platform, external_id, mention, published_at, traceparent)
       ON CONFLICT (platform, external_id) DO NOTHING`,
      [
        ...keysOf(items),
        items.map((i) => JSON.stringify(i.mention)),
        items.map((i) => i.publishedAt.toISOString()),
        now.toISOString(),
        retryAt.toISOString(),
        items.map((i) => i.traceparent ?? null),
      ],
    );
    return affected;
  }

  /** Held posts due for a retry at `now`, oldest first, at most `limit`. */
  async due(now: Date, limit: number): Promise<HeldBrandPost[]> {
    const rows = await this.db.rows<Row>(
      `SELECT mention, published_at, traceparent, attempts, held_at FROM held_brand_posts
        WHERE state = 'held' AND next_attempt_at <= $1
        ORDER BY held_at, platform, external_id LIMIT $2`,
      [now.toISOString(), limit],
    );
    return rows.map((r) => ({
      mention: r.mention,
      publishedAt: new Date(r.published_at),
      traceparent: r.traceparent ?? undefined,
      attempts: r.attempts,
      heldAt: new Date(r.held_at),
    }));
  }

  /** Forgets posts that are now stored as interactions. */
  async release(items: Array<{ mention: SocialMention }>): Promise<number> {
    if (items.length === 0) return 0;
    const { affected } = await this.db.execute(
      `DELETE FROM held_brand_posts
        WHERE (platform, external_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
      keysOf(items),
    );
    return affected;
  }

  /** Counts one more attempt and sets the next one. */
  async retryLater(items: Array<{ mention: SocialMention }>, retryAt: Date): Promise<void> {
    if (items.length === 0) return;
    await this.db.execute(
      `UPDATE held_brand_posts SET attempts = attempts + 1, next_attempt_at = $3
        WHERE state = 'held' AND (platform, external_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
      [...keysOf(items), retryAt.toISOString()],
    );
  }

  /** Gives up on the posts: they stay recorded as ignored, with the reason. */
  async ignore(items: Array<{ mention: SocialMention }>, reason: string, now: Date): Promise<void> {
    if (items.length === 0) return;
    await this.db.execute(
      `UPDATE held_brand_posts
          SET attempts = attempts + 1, state = 'ignored', reason = $3, settled_at = $4
        WHERE state = 'held' AND (platform, external_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
      [...keysOf(items), reason, now.toISOString()],
    );
  }

  /** Per platform, held and ignored (by reason) brand posts: for GET /v1/sources. */
  async counts(): Promise<HeldBrandPostCounts[]> {
    const rows = await this.db.rows<{
      platform: string;
      state: string;
      reason: string | null;
      n: string;
    }>(
      `SELECT platform, state, reason, count(*)::text AS n FROM held_brand_posts
        GROUP BY platform, state, reason ORDER BY platform`,
    );
    const byPlatform = new Map<string, HeldBrandPostCounts>();
    for (const r of rows) {
      const entry = byPlatform.get(r.platform) ?? { platform: r.platform, held: 0, ignored: {} };
      if (r.state === 'held') entry.held += Number(r.n);
      else entry.ignored[r.reason ?? 'unknown'] = Number(r.n);
      byPlatform.set(r.platform, entry);
    }
    return [...byPlatform.values()];
  }
}
