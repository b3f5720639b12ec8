import type { DataSource } from 'typeorm';
import { authedClient, createTestApp, isolatedEnv, seedApiKey, seedSession } from '@scb/testing';

const TTL_MS = 1_500;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The revocation bound of the credential cache (AUTH_CACHE_TTL_MS) on the real api and Postgres:
 * revoked through the api, a key is refused at once; revoked outside it (another api instance,
 * SQL), within the bound and not before the cache forgets it.
 */
describe('credential cache: revocation bound (real Postgres)', () => {
  const env = isolatedEnv('credcache');
  let dataSource: DataSource;
  let close: () => Promise<void>;
  let base: string;

  beforeAll(async () => {
    ({
      dataSource,
      baseUrl: base,
      close,
    } = await createTestApp('api', {
      ...env,
      AUTH_CACHE_TTL_MS: String(TTL_MS),
    }));
  });
  afterAll(() => close());

  it('refuses a key revoked outside this api within AUTH_CACHE_TTL_MS', async () => {
    const key = await seedApiKey(dataSource, 'viewer', 'elsewhere');
    const viewer = authedClient(base, key);
    expect((await viewer('GET', '/v1/auth/me')).status).toBe(200);
    const revokedAt = Date.now();
    await dataSource.query(`UPDATE api_keys SET revoked_at = now() WHERE name = 'elsewhere'`);
    // Remembered: no lookup within the bound (what saves the query on every request).
    const early = await viewer('GET', '/v1/auth/me');
    if (Date.now() - revokedAt < TTL_MS) expect(early.status).toBe(200);
    await sleep(TTL_MS + 100);
    expect(await viewer('GET', '/v1/auth/me')).toMatchObject({
      status: 401,
      body: { reason: 'invalid_token' },
    });
  });

  it('refuses a key revoked through this api at once', async () => {
    const admin = authedClient(base, await seedApiKey(dataSource, 'admin', 'root'));
    const created = await admin<{ apiKey: { id: string }; key: string }>(
      'POST',
      '/v1/admin/api-keys',
      { name: 'phone-system', role: 'integration' },
    );
    const phone = authedClient(base, created.body.key);
    expect((await phone('GET', '/v1/auth/me')).status).toBe(200);
    expect((await admin('DELETE', `/v1/admin/api-keys/${created.body.apiKey.id}`)).status).toBe(
      200,
    );
    expect(await phone('GET', '/v1/auth/me')).toMatchObject({
      status: 401,
      body: { reason: 'invalid_token' },
    });
  });

  it('refuses an ended session at once, and an expired one even while remembered', async () => {
    const token = await seedSession(dataSource, { role: 'viewer', ttlSeconds: 1 });
    const viewer = authedClient(base, token);
    expect((await viewer('GET', '/v1/auth/me')).status).toBe(200);
    // The session's own expiry (1 s) comes before the cache's bound (1.5 s).
    await sleep(1_100);
    expect(await viewer('GET', '/v1/auth/me')).toMatchObject({
      status: 401,
      body: { reason: 'expired_token' },
    });

    const other = authedClient(base, await seedSession(dataSource, { role: 'viewer' }));
    expect((await other('GET', '/v1/auth/me')).status).toBe(200);
    expect((await other('POST', '/v1/auth/logout')).status).toBe(204);
    expect((await other('GET', '/v1/auth/me')).status).toBe(401);
  });
});
