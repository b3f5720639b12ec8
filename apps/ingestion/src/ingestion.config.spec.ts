import { loadConfig } from '@scb/config';
import { IngestionConfigSchema, streamHandles } from './ingestion.config';

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

describe('IngestionConfigSchema: X tokens', () => {
  const user = 'brand-oauth2-user-access-token';

  it('reads mention timelines with the OAuth 2 user token alone; search needs the app token', () => {
    const config = loadConfig(IngestionConfigSchema, {
      X_USER_ACCESS_TOKEN: user,
      X_MENTIONS_ACCOUNTS: '123:SpotifyCares',
    });
    expect(config.X_USER_ACCESS_TOKEN).toBe(user);
    expect(config.X_BEARER_TOKEN).toBeUndefined();
    expect(() =>
      loadConfig(IngestionConfigSchema, { X_USER_ACCESS_TOKEN: user, X_SEARCH_QUERIES: 'outage' }),
    ).toThrow(/X_BEARER_TOKEN: required when X_SEARCH_QUERIES/);
  });
});

describe('IngestionConfigSchema: the filtered stream', () => {
  const token = { X_BEARER_TOKEN: 'a-bearer-token-of-some-length' };

  it('takes its rules from the handles and keywords, or the mention accounts by default', () => {
    const env = {
      ...token,
      X_STREAM_ENABLED: 'true',
      X_MENTIONS_ACCOUNTS: '123:SpotifyCares,456',
      X_STREAM_KEYWORDS: '"spotify down" lang:en; spotify outage',
    };
    const config = loadConfig(IngestionConfigSchema, env);
    expect(config.X_STREAM_ENABLED).toBe(true);
    expect(streamHandles(config)).toEqual(['SpotifyCares']);
    expect(config.X_STREAM_KEYWORDS).toEqual(['"spotify down" lang:en', 'spotify outage']);
    expect(
      streamHandles(loadConfig(IngestionConfigSchema, { ...env, X_STREAM_HANDLES: 'A, B_2' })),
    ).toEqual(['A', 'B_2']);
  });

  it('is off by default and refuses to start enabled without a token, rules or sane values', () => {
    expect(loadConfig(IngestionConfigSchema, {}).X_STREAM_ENABLED).toBe(false);
    expect(() =>
      loadConfig(IngestionConfigSchema, { X_STREAM_ENABLED: 'true', X_STREAM_HANDLES: 'Brand' }),
    ).toThrow(/X_BEARER_TOKEN: required when X_STREAM_ENABLED/);
    expect(() => loadConfig(IngestionConfigSchema, { ...token, X_STREAM_ENABLED: 'true' })).toThrow(
      /X_STREAM_ENABLED: the stream needs rules/,
    );
    expect(() =>
      loadConfig(IngestionConfigSchema, { ...token, X_STREAM_HANDLES: '@not a handle' }),
    ).toThrow(/X_STREAM_HANDLES/);
    expect(() =>
      loadConfig(IngestionConfigSchema, { ...token, X_STREAM_KEYWORDS: 'x'.repeat(1_025) }),
    ).toThrow(/X_STREAM_KEYWORDS: each rule must be at most 1024/);
    expect(() => loadConfig(IngestionConfigSchema, { X_STREAM_ENABLED: 'yes' })).toThrow(
      /X_STREAM_ENABLED/,
    );
    expect(() =>
      loadConfig(IngestionConfigSchema, {
        ...token,
        X_STREAM_ENABLED: 'true',
        X_STREAM_HANDLES: 'Brand',
        X_STREAM_BACKOFF_MS: '9000',
        X_STREAM_MAX_BACKOFF_MS: '1000',
      }),
    ).toThrow(/X_STREAM_BACKOFF_MS: must not exceed/);
  });
});
