import { loadConfig } from '@scb/config';
import type { BrandAccount } from '@scb/persistence';
import { normalizeMetaWebhook } from '@scb/social-sources';
import { ManualClock, pageFeedComment } from '@scb/testing';
import {
  brandAccountSets,
  BrandAccountsRefresher,
  configuredBrandAccounts,
} from './brand-accounts.refresher';
import { IngestionConfigSchema } from './ingestion.config';

/** brand_accounts in memory: the first source of an account stays. */
class InMemoryBrandAccounts {
  readonly rows = new Map<string, BrandAccount>();
  async record(accounts: BrandAccount[]): Promise<void> {
    for (const a of accounts) {
      const key = `${a.platform}:${a.accountId}`;
      if (!this.rows.has(key)) this.rows.set(key, a);
    }
  }
  async all(): Promise<BrandAccount[]> {
    return [...this.rows.values()];
  }
}

describe('BrandAccountsRefresher', () => {
  const config = loadConfig(IngestionConfigSchema, {
    ...process.env,
    X_BRAND_USER_IDS: '900000000000000001',
    META_BRAND_ACCOUNT_IDS: '880000000000001',
  });

  it('records the configured accounts and adds the learnt ones to the live sets the normalizers read', async () => {
    const repo = new InMemoryBrandAccounts();
    const live = brandAccountSets(config);
    const refresher = new BrandAccountsRefresher(
      repo,
      new ManualClock(),
      live,
      configuredBrandAccounts(config),
      60_000,
    );
    await refresher.onModuleInit();
    expect([...repo.rows.values()].map((r) => r.source)).toEqual(['config', 'config']);

    // A comment by another page of the brand (learnt from a reply) is a customer post until…
    const comment = pageFeedComment({ from: { id: '880000000000777', name: 'Acme Care EU' } });
    const before = normalizeMetaWebhook(comment, { brandIds: live.meta });
    expect('mentions' in before && before.mentions[0]?.direction).toBe('inbound');

    await repo.record([
      { platform: 'facebook', accountId: '880000000000777', source: 'learnt-from-reply' },
      { platform: 'x', accountId: '900000000000000002', source: 'learnt-from-reply' },
    ]);
    await refresher.refresh();

    // …the next refresh: the same sets, shared by every source of the process, now know it.
    const after = normalizeMetaWebhook(comment, { brandIds: brandAccountSets(config).meta });
    expect('mentions' in after && after.mentions[0]?.direction).toBe('outbound');
    expect(brandAccountSets(config).x.has('900000000000000002')).toBe(true);
    await refresher.onApplicationShutdown();
  });
});
