import type { Database } from '../database';

/** Where the product learnt that an account is the brand's own. */
export type BrandAccountSource = 'config' | 'learnt-from-reply';

/** A platform account of the brand: an X user, a Facebook page, an Instagram business account. */
export interface BrandAccount {
  /** `x` for X users; `facebook` for pages; `instagram` for Instagram business accounts. */
  platform: string;
  /** The platform's id, digits. */
  accountId: string;
  source: BrandAccountSource;
}

/**
 * `brand_accounts`: the brand's own accounts, from config and learnt from the answers to the
 * replies the product sends. An account already on file keeps its first source (config wins
 * over learnt: it was listed first); `last_seen_at` moves on.
 */
export class BrandAccountRepository {
  constructor(private readonly db: Database) {}

  /** Upserts the accounts; ids that are not digits are refused by the table (a data error). */
  async record(accounts: BrandAccount[], now: Date): Promise<void> {
    if (accounts.length === 0) return;
    await this.db.execute(
      `INSERT INTO brand_accounts (platform, account_id, source, first_seen_at, last_seen_at)
       SELECT DISTINCT ON (platform, account_id) platform, account_id, source, $4::timestamptz, $4::timestamptz
         FROM unnest($1::text[], $2::text[], $3::text[]) AS t(platform, account_id, source)
       ON CONFLICT (platform, account_id) DO UPDATE SET last_seen_at = EXCLUDED.last_seen_at`,
      [
        accounts.map((a) => a.platform),
        accounts.map((a) => a.accountId),
        accounts.map((a) => a.source),
        now.toISOString(),
      ],
    );
  }

  /** Every brand account on file, by platform and id. */
  async all(): Promise<BrandAccount[]> {
    const rows = await this.db.rows<{
      platform: string;
      account_id: string;
      source: BrandAccountSource;
    }>(`SELECT platform, account_id, source FROM brand_accounts ORDER BY platform, account_id`);
    return rows.map((r) => ({ platform: r.platform, accountId: r.account_id, source: r.source }));
  }
}
