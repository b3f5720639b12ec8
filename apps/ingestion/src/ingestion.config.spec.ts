import { loadConfig } from '@scb/config';
import { IngestionConfigSchema } from './ingestion.config';

describe('IngestionConfigSchema', () => {
  it('has every source off by default', () => {
    const config = loadConfig(IngestionConfigSchema, {});
    expect([config.WEBHOOK_SECRET, config.META_APP_SECRET, config.X_BEARER_TOKEN]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
    expect(config).toMatchObject({
      X_MENTIONS_ACCOUNTS: [],
      X_SEARCH_QUERIES: [],
      X_API_BASE_URL: 'https://api.x.com/2/',
    });
  });

  it('reads the X accounts and search queries', () => {
    const config = loadConfig(IngestionConfigSchema, {
      X_BEARER_TOKEN: 'a-bearer-token-of-some-length',
      X_MENTIONS_ACCOUNTS: '123:SpotifyCares, 456',
      X_SEARCH_QUERIES: '"spotify down" -is:retweet; @SpotifyCares lang:en',
    });
    expect(config.X_MENTIONS_ACCOUNTS).toEqual([
      { id: '123', handle: 'SpotifyCares' },
      { id: '456', handle: null },
    ]);
    expect(config.X_SEARCH_QUERIES).toEqual([
      '"spotify down" -is:retweet',
      '@SpotifyCares lang:en',
    ]);
  });

  it('names the variable that is missing or malformed', () => {
    expect(() => loadConfig(IngestionConfigSchema, { X_MENTIONS_ACCOUNTS: '123' })).toThrow(
      /X_BEARER_TOKEN: required when/,
    );
    expect(() =>
      loadConfig(IngestionConfigSchema, { X_MENTIONS_ACCOUNTS: 'SpotifyCares' }),
    ).toThrow(/X_MENTIONS_ACCOUNTS/);
    expect(() => loadConfig(IngestionConfigSchema, { WEBHOOK_SECRET: 'short' })).toThrow(
      /WEBHOOK_SECRET: must be at least 16/,
    );
    expect(() => loadConfig(IngestionConfigSchema, { WEBHOOK_MAX_BYTES: 'lots' })).toThrow(
      /WEBHOOK_MAX_BYTES/,
    );
  });
});
