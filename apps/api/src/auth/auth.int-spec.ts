import type { INestApplication } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import {
  authedClient,
  countRows,
  isolatedEnv,
  seedApiKey,
  seedSession,
  seedUser,
  createTestApp,
} from '@scb/testing';
import { BootstrapAdmin } from '../admin/bootstrap-admin';

describe('authentication and roles (real Postgres)', () => {
  const env = isolatedEnv('auth');
  const admin = { email: 'Root@Example.com', password: 'correct horse battery' };
  let app: INestApplication;
  let dataSource: DataSource;
  let close: () => Promise<void>;
  let base: string;

  const raw = (path: string, init: RequestInit = {}) => fetch(`${base}${path}`, init);
  const login = (email: string, password: string) =>
    raw('/v1/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });

  beforeAll(async () => {
    const testApp = await createTestApp('api', {
      ...env,
      BOOTSTRAP_ADMIN_EMAIL: admin.email,
      BOOTSTRAP_ADMIN_PASSWORD: admin.password,
      SESSION_TTL_S: '120',
    });
    ({ app, dataSource, baseUrl: base, close } = testApp);
  });
  afterAll(() => close());

  it('answers 401 with the reason: missing, malformed, unknown, expired, revoked or disabled credentials', async () => {
    const reasonOf = async (headers: Record<string, string>) => {
      const response = await raw('/v1/cases', { headers });
      return {
        status: response.status,
        reason: ((await response.json()) as { reason: string }).reason,
      };
    };
    const expired = await seedSession(dataSource, { role: 'viewer', ttlSeconds: 1 });
    await dataSource.query(`UPDATE sessions SET expires_at = now() - interval '1 second'`);
    const revoked = await seedApiKey(dataSource, 'viewer', 'old');
    await dataSource.query(`UPDATE api_keys SET revoked_at = now() WHERE name = 'old'`);
    // A live session of a user disabled since it began counts as unknown.
    const ofDisabledUser = await seedSession(dataSource, { role: 'viewer' });
    await dataSource.query(
      `UPDATE users SET disabled_at = now()
        WHERE id IN (SELECT user_id FROM sessions WHERE expires_at > now())`,
    );
    const live = await seedSession(dataSource, { role: 'viewer' });

    expect(await reasonOf({})).toEqual({ status: 401, reason: 'missing_credentials' });
    expect(await reasonOf({ authorization: 'Basic YTpi' })).toEqual({
      status: 401,
      reason: 'invalid_token',
    });
    expect(await reasonOf({ authorization: 'Bearer scb_nope' })).toEqual({
      status: 401,
      reason: 'invalid_token',
    });
    expect(await reasonOf({ authorization: `Bearer ${expired}` })).toEqual({
      status: 401,
      reason: 'expired_token',
    });
    expect(await reasonOf({ 'x-api-key': revoked })).toEqual({
      status: 401,
      reason: 'invalid_token',
    });
    expect(await reasonOf({ authorization: `Bearer ${ofDisabledUser}` })).toEqual({
      status: 401,
      reason: 'invalid_token',
    });
    expect((await raw('/v1/cases', { headers: { authorization: `Bearer ${live}` } })).status).toBe(
      200,
    );
    expect((await raw('/v1/cases')).headers.get('www-authenticate')).toMatch(/^Bearer/);
  });

  it('signs the bootstrap admin in (email in any case), by bearer token and by cookie, and out again', async () => {
    const response = await login('root@example.COM', admin.password);
    const body = (await response.json()) as {
      token: string;
      expiresAt: string;
      user: Record<string, unknown>;
    };
    expect(response.status).toBe(200);
    expect(body.user).toEqual({
      id: expect.any(String),
      email: admin.email,
      displayName: 'Administrator',
      role: 'admin',
      agentId: null,
    });
    expect(new Date(body.expiresAt).getTime() - Date.now()).toBeLessThanOrEqual(120_000);
    const cookie = response.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(new RegExp(`^scb_session=${body.token};`));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).not.toMatch(/Secure/);

    const byCookie = await raw('/v1/auth/me', { headers: { cookie: `scb_session=${body.token}` } });
    expect(await byCookie.json()).toMatchObject({
      kind: 'user',
      email: admin.email,
      role: 'admin',
    });
    const asAdmin = authedClient(base, body.token);
    expect((await asAdmin('GET', '/v1/cases')).status).toBe(200);

    expect((await asAdmin('POST', '/v1/auth/logout')).status).toBe(204);
    expect(await asAdmin('GET', '/v1/auth/me')).toMatchObject({
      status: 401,
      body: { reason: 'invalid_token' },
    });
  });

  it('refuses a wrong password and an unknown email alike', async () => {
    const wrong = await login(admin.email, 'not the password');
    const unknown = await login('nobody@example.com', 'whatever it is');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(await wrong.json()).toEqual(await unknown.json());
  });

  it('refuses further sign-ins, even right ones, after 10 failures for the email (429)', async () => {
    const { user, password } = await seedUser(dataSource, { role: 'viewer' });
    const other = await seedUser(dataSource, { role: 'viewer' });
    for (let i = 0; i < 10; i += 1)
      expect((await login(user.email, `wrong ${i}`)).status).toBe(401);
    const refused = await login(user.email, password);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(800);
    expect(await refused.json()).toMatchObject({ reason: 'too_many_attempts' });
    expect((await login(other.user.email, other.password)).status).toBe(200);
  });

  it('creates the bootstrap admin once however often the api starts', async () => {
    await app.get(BootstrapAdmin).onApplicationBootstrap();
    expect(await countRows(dataSource, `SELECT 1 FROM users WHERE role = 'admin'`)).toBe(1);
  });

  it('answers 403 to a known caller whose role the route does not allow', async () => {
    const viewer = authedClient(base, await seedApiKey(dataSource, 'viewer'));
    const integration = authedClient(base, await seedApiKey(dataSource, 'integration'));
    expect((await viewer('GET', '/v1/queues')).status).toBe(200);
    expect(await viewer('POST', '/v1/agents', { name: 'x' })).toMatchObject({
      status: 403,
      body: { reason: 'role_not_allowed' },
    });
    expect((await integration('GET', '/v1/cases')).status).toBe(403);
    expect((await integration('GET', '/v1/auth/me')).body).toMatchObject({
      kind: 'api_key',
      name: 'test-integration',
      role: 'integration',
    });
  });

  it('lets an agent act only as their own linked agent', async () => {
    const supervisor = authedClient(base, await seedApiKey(dataSource, 'supervisor'));
    const own = (await supervisor<{ id: string }>('POST', '/v1/agents', { name: 'Own' })).body.id;
    const other = (await supervisor<{ id: string }>('POST', '/v1/agents', { name: 'Other' })).body
      .id;
    const agent = authedClient(
      base,
      await seedSession(dataSource, { role: 'agent', agentId: own }),
    );
    const unlinked = authedClient(base, await seedSession(dataSource, { role: 'agent' }));

    expect(
      (await agent('PUT', `/v1/agents/${own}/presence`, { presence: 'available' })).status,
    ).toBe(200);
    expect((await agent('POST', `/v1/agents/${own}/next`)).status).toBe(204);
    expect(await agent('POST', `/v1/agents/${other}/next`)).toMatchObject({
      status: 403,
      body: { reason: 'not_own_agent' },
    });
    expect(
      (
        await agent('POST', `/v1/work-items/00000000-0000-4000-8000-000000000000/accept`, {
          agentId: other,
        })
      ).status,
    ).toBe(403);
    expect(await unlinked('POST', `/v1/agents/${own}/next`)).toMatchObject({
      status: 403,
      body: { reason: 'no_linked_agent' },
    });
  });

  it('stores no secret in the clear: password hashes are scrypt, tokens and keys only as digests', async () => {
    const key = await seedApiKey(dataSource, 'viewer', 'digest-check');
    const [stored]: Array<{ key_digest: string }> = await dataSource.query(
      `SELECT key_digest FROM api_keys WHERE name = 'digest-check'`,
    );
    expect(stored.key_digest).toMatch(/^[0-9a-f]{64}$/);
    expect(stored.key_digest).not.toContain(key.slice(4));
    const [user]: Array<{ password_hash: string }> = await dataSource.query(
      `SELECT password_hash FROM users WHERE role = 'admin'`,
    );
    expect(user.password_hash).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(user.password_hash).not.toContain(admin.password);
  });

  it('keeps health public', async () => {
    expect((await raw('/health')).status).toBe(200);
  });
});
