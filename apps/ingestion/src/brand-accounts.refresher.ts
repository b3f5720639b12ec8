import { Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Clock } from '@scb/core';
import type { BrandAccount, BrandAccountRepository } from '@scb/persistence';
import type { IngestionConfig } from './ingestion.config';

/** The brand's account ids the normalizers read: live sets, grown by the refresher. */
export interface BrandAccountSets {
  /** X user ids. */
  x: Set<string>;
  /** Facebook page ids and Instagram business account ids. */
  meta: Set<string>;
}

const sets = new WeakMap<IngestionConfig, BrandAccountSets>();

/**
 * One pair of live sets per configuration, seeded from X_MENTIONS_ACCOUNTS, X_BRAND_USER_IDS and
 * META_BRAND_ACCOUNT_IDS: every source of the process shares them, so an id the refresher adds
 * applies to the pollers, the stream and the Meta webhook at once.
 */
export function brandAccountSets(config: IngestionConfig): BrandAccountSets {
  let found = sets.get(config);
  if (!found) {
    found = {
      x: new Set([...config.X_MENTIONS_ACCOUNTS.map((a) => a.id), ...config.X_BRAND_USER_IDS]),
      meta: new Set(config.META_BRAND_ACCOUNT_IDS),
    };
    sets.set(config, found);
  }
  return found;
}

/**
 * Records the configured brand accounts in `brand_accounts` (source `config`) at start, then
 * every `everyMs` reloads the table (the api adds accounts `learnt-from-reply`) into the live
 * sets: posts by those accounts are outbound from then on. Periodic, not per message: a lookup
 * per post would put Postgres on the webhook's hot path. A failed reload keeps the sets.
 */
export class BrandAccountsRefresher implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(BrandAccountsRefresher.name);
  private timer: NodeJS.Timeout | null = null;
  private loading: Promise<void> | null = null;

  constructor(
    private readonly accounts: Pick<BrandAccountRepository, 'record' | 'all'>,
    private readonly clock: Clock,
    private readonly live: BrandAccountSets,
    private readonly configured: BrandAccount[],
    private readonly everyMs: number,
  ) {}

  async onModuleInit(): Promise<void> {
    try {
      await this.accounts.record(this.configured, this.clock.now());
    } catch (error) {
      this.logger.warn({ message: 'brand accounts: config not recorded', error: String(error) });
    }
    await this.refresh();
    this.timer = setInterval(() => {
      this.loading ??= this.refresh().finally(() => (this.loading = null));
    }, this.everyMs);
    this.timer.unref();
  }

  /** Adds every account on file to the live sets (never removes: config stays authoritative). */
  async refresh(): Promise<void> {
    try {
      for (const account of await this.accounts.all()) {
        (account.platform === 'x' ? this.live.x : this.live.meta).add(account.accountId);
      }
    } catch (error) {
      this.logger.warn({ message: 'brand accounts: reload failed', error: String(error) });
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.loading;
  }
}

/** The configured brand accounts as rows (Meta ids are filed as `facebook`: config says no more). */
export function configuredBrandAccounts(config: IngestionConfig): BrandAccount[] {
  const { x, meta } = brandAccountSets(config);
  const digits = (id: string) => /^\d{1,32}$/.test(id);
  return [
    ...[...x]
      .filter(digits)
      .map((accountId) => ({ platform: 'x', accountId, source: 'config' as const })),
    ...[...meta]
      .filter(digits)
      .map((accountId) => ({ platform: 'facebook', accountId, source: 'config' as const })),
  ];
}
