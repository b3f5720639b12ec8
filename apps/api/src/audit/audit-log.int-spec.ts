import type { DataSource } from 'typeorm';
import {
  authedClient,
  countRows,
  isolatedEnv,
  seedApiKey,
  type ApiCall,
  createTestApp,
} from '@scb/testing';

interface Entry {
  id: string;
  actor: { kind: string; name: string };
  entity: string;
  entityId: string | null;
  action: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  at: string;
}
type Page = { total: number; items: Entry[] };

describe('audit log and user/API-key administration (real Postgres)', () => {
  const env = isolatedEnv('audit');
  let dataSource: DataSource;
  let close: () => Promise<void>;
  let base: string;
  let asAdmin: ApiCall;
  const adminUser = { email: 'boss@example.com', password: 'boss password 123' };

  const login = async (email: string, password: string) =>
    authedClient(base, null)<{ token: string }>('POST', '/v1/auth/login', { email, password });

  beforeAll(async () => {
    const testApp = await createTestApp('api', {
      ...env,
      BOOTSTRAP_ADMIN_EMAIL: adminUser.email,
      BOOTSTRAP_ADMIN_PASSWORD: adminUser.password,
    });
    ({ dataSource, baseUrl: base, close } = testApp);
    asAdmin = authedClient(base, (await login(adminUser.email, adminUser.password)).body.token);
  });
  afterAll(() => close());

  it('records every configuration change with who, when, before and after', async () => {
    const started = new Date();
    expect((await asAdmin('PUT', '/v1/admin/queues/vip', { description: 'VIP' })).status).toBe(200);
    await asAdmin('PUT', '/v1/admin/queues/vip', { description: 'Very important' });
    const rule = await asAdmin<{ id: string }>('POST', '/v1/admin/routing-rules', {
      name: 'VIPs',
      conditions: { tagsAny: ['vip'] },
      targetQueue: 'vip',
    });
    expect(rule.status).toBe(201);
    expect((await asAdmin('DELETE', `/v1/admin/routing-rules/${rule.body.id}`)).status).toBe(204);
    const published = await asAdmin<{ version: number }>('POST', '/v1/admin/matching-rules', {
      definition: { rules: [] },
    });
    expect(published.status).toBe(201);
    const agent = await asAdmin<{ id: string }>('POST', '/v1/agents', { name: 'Ana' });

    const log = await asAdmin<Page>('GET', `/v1/audit-log?from=${started.toISOString()}`);
    expect(log.status).toBe(200);
    const summary = log.body.items.map((e) => [e.entity, e.action, e.actor.name]);
    expect(summary).toEqual([
      ['agent', 'create', adminUser.email],
      ['matching_rules', 'publish', adminUser.email],
      ['routing_rule', 'delete', adminUser.email],
      ['routing_rule', 'create', adminUser.email],
      ['queue', 'upsert', adminUser.email],
      ['queue', 'upsert', adminUser.email],
    ]);
    // UUIDs like every other id (they were "14").
    for (const e of log.body.items)
      expect(e.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const [agentEntry, rulesEntry, deleted, , updated, created] = log.body.items;
    expect(agentEntry).toMatchObject({
      entityId: agent.body.id,
      before: null,
      after: { name: 'Ana' },
    });
    expect(rulesEntry).toMatchObject({
      entityId: String(published.body.version),
      before: null,
      after: { version: published.body.version, author: adminUser.email },
    });
    expect(deleted).toMatchObject({
      entityId: rule.body.id,
      before: { name: 'VIPs' },
      after: null,
    });
    expect(created).toMatchObject({ entityId: 'vip', before: null, after: { description: 'VIP' } });
    expect(updated).toMatchObject({
      before: { description: 'VIP' },
      after: { description: 'Very important' },
    });
  });

  it('writes nothing when the change fails', async () => {
    const before = await countRows(dataSource, 'SELECT 1 FROM audit_log');
    const missing = '00000000-0000-4000-8000-000000000000';
    expect((await asAdmin('DELETE', `/v1/admin/routing-rules/${missing}`)).status).toBe(404);
    expect((await asAdmin('PUT', '/v1/admin/queues/bad', { channels: ['fax'] })).status).toBe(400);
    expect(await countRows(dataSource, 'SELECT 1 FROM audit_log')).toBe(before);
  });

  it('manages users: create, sign in, change password (ends sessions), disable', async () => {
    const created = await asAdmin<{ id: string; email: string }>('POST', '/v1/admin/users', {
      email: 'sue@example.com',
      displayName: 'Sue',
      role: 'supervisor',
      password: 'first password!',
    });
    expect(created.status).toBe(201);
    expect(JSON.stringify(created.body)).not.toMatch(/password|scrypt/i);
    expect(
      (
        await asAdmin('POST', '/v1/admin/users', {
          email: 'SUE@example.com',
          displayName: 'Sue 2',
          role: 'viewer',
          password: 'first password!',
        })
      ).status,
    ).toBe(409);
    expect(
      await asAdmin('POST', '/v1/admin/users', {
        email: 'x@example.com',
        displayName: 'X',
        role: 'viewer',
        password: 'short',
      }),
    ).toMatchObject({ status: 400, body: { errors: [{ path: 'password' }] } });

    const sue = authedClient(base, (await login('sue@example.com', 'first password!')).body.token);
    expect((await sue('GET', '/v1/audit-log')).status).toBe(200);
    expect((await sue('GET', '/v1/admin/users')).status).toBe(403);

    const changed = await asAdmin('PATCH', `/v1/admin/users/${created.body.id}`, {
      password: 'second password!',
    });
    expect(changed.status).toBe(200);
    expect((await sue('GET', '/v1/audit-log')).status).toBe(401);
    expect((await login('sue@example.com', 'first password!')).status).toBe(401);
    expect((await login('sue@example.com', 'second password!')).status).toBe(200);

    await asAdmin('PATCH', `/v1/admin/users/${created.body.id}`, { disabled: true });
    expect((await login('sue@example.com', 'second password!')).status).toBe(401);

    const entries = await asAdmin<Page>('GET', `/v1/audit-log?entity=user&limit=10`);
    expect(entries.body.items.map((e) => e.action)).toEqual([
      'update',
      'update',
      'create',
      'create',
    ]);
    expect(entries.body.items[1].after).toMatchObject({ passwordChanged: true });
    expect(entries.body.items[3].actor).toMatchObject({ kind: 'system', name: 'bootstrap' });
    expect(JSON.stringify(entries.body)).not.toMatch(/password!|scrypt/);
    const listed = await asAdmin<{ total: number; items: unknown[] }>('GET', '/v1/admin/users');
    expect(listed.body.total).toBe(2);
  });

  it('manages API keys: shown once, stored as a digest, revoked at once', async () => {
    const created = await asAdmin<{ apiKey: { id: string; name: string }; key: string }>(
      'POST',
      '/v1/admin/api-keys',
      { name: 'phone-system', role: 'integration' },
    );
    expect(created.status).toBe(201);
    expect(created.body.key).toMatch(/^scb_/);
    const phone = authedClient(base, created.body.key);
    expect((await phone('GET', '/v1/auth/me')).body).toMatchObject({ role: 'integration' });

    const listed = await asAdmin<{ items: Array<Record<string, unknown>> }>(
      'GET',
      '/v1/admin/api-keys',
    );
    expect(listed.body.items).toEqual([
      expect.objectContaining({
        name: 'phone-system',
        lastUsedAt: expect.any(String),
        revokedAt: null,
      }),
    ]);
    expect(JSON.stringify(listed.body)).not.toContain(created.body.key);

    expect((await asAdmin('DELETE', `/v1/admin/api-keys/${created.body.apiKey.id}`)).status).toBe(
      200,
    );
    expect(await phone('GET', '/v1/auth/me')).toMatchObject({
      status: 401,
      body: { reason: 'invalid_token' },
    });
    const entries = await asAdmin<Page>('GET', `/v1/audit-log?entity=api_key`);
    expect(entries.body.items.map((e) => e.action)).toEqual(['revoke', 'create']);
    expect(JSON.stringify(entries.body)).not.toContain(created.body.key);
  });

  it('filters by actor and time range and pages; supervisors read it, viewers may not', async () => {
    const all = await asAdmin<Page>('GET', '/v1/audit-log?limit=200');
    const byBootstrap = await asAdmin<Page>('GET', '/v1/audit-log?actor=bootstrap');
    expect(byBootstrap.body).toMatchObject({ total: 1, items: [{ entity: 'user' }] });
    const second = await asAdmin<Page>('GET', '/v1/audit-log?limit=2&offset=1');
    expect(second.body.total).toBe(all.body.total);
    expect(second.body.items).toEqual(all.body.items.slice(1, 3));
    const future = new Date(Date.now() + 60_000).toISOString();
    expect((await asAdmin<Page>('GET', `/v1/audit-log?from=${future}`)).body.total).toBe(0);
    expect((await asAdmin<Page>('GET', `/v1/audit-log?to=${future}`)).body.total).toBe(
      all.body.total,
    );
    expect((await asAdmin('GET', '/v1/audit-log?from=yesterday')).status).toBe(400);

    const viewer = authedClient(base, await seedApiKey(dataSource, 'viewer'));
    const supervisor = authedClient(base, await seedApiKey(dataSource, 'supervisor'));
    expect((await viewer('GET', '/v1/audit-log')).status).toBe(403);
    expect((await supervisor('GET', '/v1/audit-log')).status).toBe(200);
  });
});
