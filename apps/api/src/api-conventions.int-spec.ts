import type { INestApplication } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { isolatedEnv, seedApiKey, createTestApp } from '@scb/testing';
import { RouteCatalog } from './auth/route-catalog';

const PLACEHOLDER = '00000000-0000-4000-8000-000000000000';
const concrete = (path: string) =>
  path
    .replace(/:version/, '1')
    .replace(/:name/, 'default')
    .replace(/:\w+/g, PLACEHOLDER);

/** Every list of the api, with the key it had before the common envelope (kept, deprecated). */
const LISTS: Record<string, string | null> = {
  '/v1/cases': null,
  '/v1/queues': 'queues',
  '/v1/agents': null,
  '/v1/sla-events': null,
  '/v1/admin/queues': null,
  '/v1/admin/routing-rules': null,
  '/v1/admin/users': null,
  '/v1/admin/api-keys': null,
  '/v1/admin/crm-connectors': null,
  '/v1/audit-log': null,
  '/v1/dashboard/mentions': null,
  '/v1/dashboard/queues': 'queues',
  '/v1/customers': null,
};

/** Issue #15.6 on every route the app registers: problem+json errors, unknown query → 400, lists. */
describe('API conventions on every route (real Nest app, Postgres, Redis)', () => {
  const env = isolatedEnv('conventions');
  let app: INestApplication;
  let dataSource: DataSource;
  let close: () => Promise<void>;
  let base: string;
  let adminKey: string;

  const call = async (method: string, path: string, credential: string | null) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: {
        'content-type': 'application/json',
        ...(credential ? { authorization: `Bearer ${credential}` } : {}),
      },
      body: ['GET', 'DELETE'].includes(method) ? undefined : '{}',
    });
    const text = await response.text();
    return {
      status: response.status,
      type: response.headers.get('content-type') ?? '',
      json: () => JSON.parse(text) as Record<string, unknown>,
    };
  };
  const routes = () => app.get(RouteCatalog).routes();

  beforeAll(async () => {
    const testApp = await createTestApp('api', env);
    ({ app, dataSource, baseUrl: base, close } = testApp);
    adminKey = await seedApiKey(dataSource, 'admin', 'conventions-admin');
  });
  afterAll(() => close());

  it('an unknown query parameter → 400 problem+json naming it, on every route', async () => {
    for (const route of routes()) {
      const response = await call(route.method, `${concrete(route.path)}?colour=red`, adminKey);
      expect({ route: `${route.method} ${route.path}`, status: response.status }).toEqual({
        route: `${route.method} ${route.path}`,
        status: 400,
      });
      expect(response.type).toMatch(/^application\/problem\+json/);
      expect(response.json()).toMatchObject({
        type: expect.stringMatching(/unknown-query-parameter$/),
        status: 400,
        detail: expect.stringMatching(/colour/),
        errors: [{ path: 'query.colour', message: expect.any(String) }],
      });
    }
    // Documented parameters still pass.
    expect((await call('GET', '/v1/cases?status=open&limit=5', adminKey)).status).toBe(200);
  });

  it('every refusal is RFC 9457 problem+json with the old message kept', async () => {
    for (const route of routes().filter((r) => !r.isPublic)) {
      const response = await call(route.method, concrete(route.path), null);
      expect({ route: route.path, status: response.status, type: response.type }).toEqual({
        route: route.path,
        status: 401,
        type: expect.stringMatching(/^application\/problem\+json/),
      });
      expect(response.json()).toMatchObject({
        type: expect.stringMatching(/missing-credentials$/),
        title: 'Unauthorized',
        status: 401,
        detail: expect.any(String),
        message: expect.any(String),
        reason: 'missing_credentials',
      });
    }
    const notFound = await call('GET', `/v1/cases/${PLACEHOLDER}`, adminKey);
    expect(notFound.status).toBe(404);
    expect(notFound.type).toMatch(/^application\/problem\+json/);
    expect(notFound.json()).toMatchObject({
      type: 'about:blank',
      title: 'Not Found',
      instance: `/v1/cases/${PLACEHOLDER}`,
    });
    const invalid = await call('GET', '/v1/cases?limit=0', adminKey);
    expect(invalid.json()).toMatchObject({
      status: 400,
      message: 'Validation failed',
      errors: [{ path: 'limit', message: expect.any(String) }],
    });
  });

  it('every list answers items, total, limit and offset; old keys stay beside them', async () => {
    for (const [path, alias] of Object.entries(LISTS)) {
      const response = await call('GET', path, adminKey);
      expect({ path, status: response.status }).toEqual({ path, status: 200 });
      const body = response.json();
      expect({ path, body }).toEqual({
        path,
        body: expect.objectContaining({
          items: expect.any(Array),
          total: expect.any(Number),
          limit: expect.any(Number),
          offset: 0,
        }),
      });
      if (alias) expect(body[alias]).toEqual(body.items);
    }
    const page = await call('GET', '/v1/admin/api-keys?limit=1&offset=0', adminKey);
    expect(page.json()).toMatchObject({
      total: 1,
      limit: 1,
      offset: 0,
      items: [expect.anything()],
    });
    // Every route that pages (accepts `limit`; others refuse it as unknown) is a list above.
    for (const route of routes().filter((r) => r.method === 'GET' && !r.path.includes(':'))) {
      const paged = (await call('GET', `${route.path}?limit=1`, adminKey)).status === 200;
      if (paged)
        expect({ list: route.path, known: route.path in LISTS }).toEqual({
          list: route.path,
          known: true,
        });
    }
  });
});
