import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 13 (platform fidelity, order races and brand accounts):
 * - `held_brand_posts`: brand posts (direction outbound) whose thread had no case yet when the
 *   matcher decided them. The customer's post may be decided later (another partition, later in
 *   the batch), so the brand post is held and retried with backoff; after the bound it stays
 *   here with `state = 'ignored'` and its reason (`no-case-for-thread`). A held post that finds
 *   its case is stored as an interaction and its row deleted.
 * - `brand_accounts`: the platform accounts that are the brand's own (X users, Facebook pages,
 *   Instagram business accounts): from config, or learnt from the answer to a reply the product
 *   sent (the platform names the posting account).
 * - `source_read_usage.budget`: the poller's monthly read budget when it counted (null: none), so
 *   the dashboard shows reads against it without the ingestion config.
 */
export class HeldBrandPosts1766500000000 implements MigrationInterface {
  name = 'HeldBrandPosts1766500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE held_brand_posts (
        platform text NOT NULL,
        external_id text NOT NULL,
        mention jsonb NOT NULL,
        published_at timestamptz NOT NULL,
        traceparent text,
        attempts int4 NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        held_at timestamptz NOT NULL,
        next_attempt_at timestamptz NOT NULL,
        state text NOT NULL DEFAULT 'held' CHECK (state IN ('held', 'ignored')),
        reason text,
        settled_at timestamptz,
        PRIMARY KEY (platform, external_id)
      )`);
    await q.query(
      `CREATE INDEX held_brand_posts_due_idx ON held_brand_posts (next_attempt_at) WHERE state = 'held'`,
    );
    await q.query(`
      CREATE TABLE brand_accounts (
        platform text NOT NULL,
        account_id text NOT NULL CHECK (account_id ~ '^[0-9]{1,32}$'),
        source text NOT NULL CHECK (source IN ('config', 'learnt-from-reply')),
        first_seen_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (platform, account_id)
      )`);
    await q.query(
      `ALTER TABLE source_read_usage ADD COLUMN budget bigint CHECK (budget IS NULL OR budget > 0)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE source_read_usage DROP COLUMN IF EXISTS budget`);
    await q.query(`DROP TABLE IF EXISTS brand_accounts`);
    await q.query(`DROP TABLE IF EXISTS held_brand_posts`);
  }
}
