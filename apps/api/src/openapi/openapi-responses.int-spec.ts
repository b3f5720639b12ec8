import { randomBytes, randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { DataSource } from 'typeorm';
import { signZendeskWebhook } from '@scb/crm';
import { FakeXServer, isolatedEnv, seedApiKey, seedCase, createTestApp } from '@scb/testing';
import { RouteCatalog, type RouteAccess } from '../auth/route-catalog';

interface Response {
  content?: Record<string, { schema: object }>;
}
interface Document {
  openapi: string;
  components: { schemas: Record<string, object> };
  paths: Record<string, Record<string, { responses: Record<string, Response> }>>;
  webhooks?: Record<string, unknown>;
}

const PLACEHOLDER = '00000000-0000-4000-8000-000000000000';
/** Ids in paths: the agent seeded below where there is one, else ids that do not exist. */
const known: Record<string, string> = {};
const concrete = (path: string) =>
  (known[path] ?? path)
    .replace(/:version/, '1')
    .replace(/:name/, 'default')
    .replace(/:\w+/g, PLACEHOLDER);
const openApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');
interface SucceedOptions {
  path?: string;
  body?: unknown;
  credential?: string;
  /** More request headers (a webhook's signature). */
  headers?: Record<string, string>;
}

/** Issue #15.6: real answers of every route checked against the schemas /docs-json documents. */
describe('OpenAPI: every route’s real responses validate against the document (ajv)', () => {
  const env = isolatedEnv('oaresponses');
  let app: INestApplication;
  let dataSource: DataSource;
  let close: () => Promise<void>;
  let base: string;
  let adminKey: string;
  let doc: Document;
  const x = new FakeXServer('brand-user-token');
  /** `METHOD /path/:pattern` of every route whose real 2xx answer validated. */
  const succeeded = new Set<string>();
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);

  /** The documented schema of `route` for `status` and the answer's media type. */
  const documented = (route: RouteAccess, status: number, type: string) => {
    const responses = doc.paths[openApiPath(route.path)][route.method.toLowerCase()].responses;
    const response = responses[String(status)] ?? responses.default;
    const media = type.split(';')[0].trim();
    return response?.content?.[media]?.schema;
  };
  const validate = (schema: object, body: unknown) => {
    const check = ajv.compile({ $ref: `openapi.json${(schema as { $ref?: string }).$ref ?? ''}` });
    return check(body) ? null : ajv.errorsText(check.errors);
  };
  /** Calls a route; its answer must be documented and valid. */
  const callAndValidate = async (
    route: RouteAccess,
    query: string,
    credential: string | null,
  ): Promise<{ status: number; body: unknown }> => {
    const response = await fetch(`${base}${concrete(route.path)}${query}`, {
      method: route.method,
      headers: {
        'content-type': 'application/json',
        ...(credential ? { authorization: `Bearer ${credential}` } : {}),
      },
      body: ['GET', 'DELETE'].includes(route.method) ? undefined : '{}',
    });
    const type = response.headers.get('content-type') ?? '';
    const body: unknown = await response.json();
    const schema = documented(route, response.status, type);
    const name = `${route.method} ${route.path} → ${response.status} ${type}`;
    expect({ name, documented: schema !== undefined }).toEqual({ name, documented: true });
    expect({ name, errors: validate(schema!, body) }).toEqual({ name, errors: null });
    return { status: response.status, body };
  };

  /**
   * Calls `method pattern` (at `path`, the pattern with real ids) with a valid request; it must
   * answer 2xx with a documented schema its body validates against (204: no body, documented).
   */
  const succeed = async <T = Record<string, unknown>>(
    method: string,
    pattern: string,
    { path = pattern, body, credential = adminKey, headers = {} }: SucceedOptions = {},
  ): Promise<{ status: number; body: T }> => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        authorization: `Bearer ${credential}`,
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const name = `${method} ${pattern} → ${response.status}`;
    const route = { method, path: pattern } as RouteAccess;
    const responses = doc.paths[openApiPath(pattern)][method.toLowerCase()].responses;
    if (response.status === 204) {
      expect({ name, documented: '204' in responses }).toEqual({ name, documented: true });
      succeeded.add(`${method} ${pattern}`);
      return { status: 204, body: undefined as T };
    }
    const text = await response.text();
    expect({ name, ok: response.ok, text: response.ok ? '' : text }).toEqual({
      name,
      ok: true,
      text: '',
    });
    const schema = documented(route, response.status, response.headers.get('content-type') ?? '');
    expect({ name, named: (schema as { $ref?: string } | undefined)?.$ref }).toEqual({
      name,
      named: expect.stringMatching(/^#\/components\/schemas\/\w+$/),
    });
    const parsed = JSON.parse(text) as T;
    expect({ name, errors: validate(schema!, parsed) }).toEqual({ name, errors: null });
    succeeded.add(`${method} ${pattern}`);
    return { status: response.status, body: parsed };
  };

  beforeAll(async () => {
    const xUrl = await x.start();
    const testApp = await createTestApp('api', {
      ...env,
      X_API_BASE_URL: xUrl,
      // CRM connectors can be saved; the sync stays idle (its rounds are far apart).
      CRM_CREDENTIALS_KEY: randomBytes(32).toString('base64'),
      CRM_SYNC_INTERVAL_MS: '600000',
      X_USER_ACCESS_TOKEN: 'brand-user-token',
    });
    ({ app, dataSource, baseUrl: base, close } = testApp);
    adminKey = await seedApiKey(dataSource, 'admin', 'oa-admin');
    doc = (await (await fetch(`${base}/docs-json`)).json()) as Document;
    ajv.addSchema({ $id: 'openapi.json', components: doc.components });
    // Something in every list.
    const post = (path: string, body: unknown) =>
      fetch(`${base}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${adminKey}` },
        body: JSON.stringify(body),
      });
    const agent = (await (await post('/v1/agents', { name: 'Ana' })).json()) as { id: string };
    known['/v1/agents/:id/work'] = `/v1/agents/${agent.id}/work`;
    await post('/v1/admin/routing-rules', { name: 'VIP', conditions: {}, targetQueue: 'default' });
    await post('/v1/admin/users', {
      email: 'oa@example.com',
      displayName: 'OA',
      role: 'viewer',
      password: 'a-long-enough-password',
    });
  });
  afterAll(async () => {
    await close();
    await x.stop();
  });

  it('names a component schema for every request body and declares Problem and the webhooks', () => {
    for (const [path, item] of Object.entries(doc.paths))
      for (const [method, operation] of Object.entries(item)) {
        const body = (
          operation as { requestBody?: { content: Record<string, { schema: object }> } }
        ).requestBody;
        if (body)
          expect({ op: `${method} ${path}`, ref: body.content['application/json'].schema }).toEqual(
            {
              op: `${method} ${path}`,
              ref: { $ref: expect.stringMatching(/^#\/components\/schemas\/\w+$/) },
            },
          );
      }
    expect(doc.components.schemas).toHaveProperty('Problem');
    expect(Object.keys(doc.webhooks ?? {})).toEqual(
      expect.arrayContaining(['genericMentions', 'metaDeliveries', 'metaVerification']),
    );
  });

  it('every route: its 400 (unknown query) and 401 answers validate against the documented problem', async () => {
    for (const route of app.get(RouteCatalog).routes()) {
      expect((await callAndValidate(route, '?colour=red', adminKey)).status).toBe(400);
      if (!route.isPublic) expect((await callAndValidate(route, '', null)).status).toBe(401);
    }
  });

  it('every list: its 200 answer validates against its documented envelope and items', async () => {
    const lists = app
      .get(RouteCatalog)
      .routes()
      .filter((r) => {
        if (r.method !== 'GET') return false;
        const schema = documented(r, 200, 'application/json') as { $ref?: string } | undefined;
        return schema?.$ref?.endsWith('List') ?? false;
      });
    expect(lists.length).toBeGreaterThanOrEqual(12);
    for (const route of lists) {
      const { status } = await callAndValidate(route, '', adminKey);
      expect({ route: route.path, status }).toEqual({ route: route.path, status: 200 });
    }
  });

  it('every route documents its success answer: a named schema, or 204 without a body', () => {
    for (const route of app.get(RouteCatalog).routes()) {
      const responses = doc.paths[openApiPath(route.path)][route.method.toLowerCase()].responses;
      const success = Object.entries(responses).filter(([status]) => /^2\d\d$/.test(status));
      const op = `${route.method} ${route.path}`;
      expect({ op, success: success.length > 0 }).toEqual({ op, success: true });
      for (const [status, response] of success) {
        if (status === '204') continue;
        const [media, content] = Object.entries(response.content ?? {})[0] ?? [];
        if (media === 'text/event-stream') continue;
        expect({ op, status, media, schema: content?.schema }).toEqual({
          op,
          status,
          media: 'application/json',
          schema: { $ref: expect.stringMatching(/^#\/components\/schemas\/\w+$/) },
        });
      }
    }
  });

  it('every route: a real success answer validates against its documented schema', async () => {
    const health = await fetch(`${base}/health`);
    expect(
      validate(
        documented(
          { method: 'GET', path: '/health' } as RouteAccess,
          health.status,
          'application/json',
        )!,
        await health.json(),
      ),
    ).toBeNull();
    succeeded.add('GET /health');
    for (const probe of ['/livez', '/readyz']) {
      const answer = await fetch(`${base}${probe}`);
      expect(answer.status).toBe(200);
      const schema = documented(
        { method: 'GET', path: probe } as RouteAccess,
        200,
        'application/json',
      );
      expect(validate(schema!, await answer.json())).toBeNull();
      succeeded.add(`GET ${probe}`);
    }
    const live = await fetch(`${base}/v1/live`, {
      headers: { authorization: `Bearer ${adminKey}` },
    });
    expect([live.status, live.headers.get('content-type')]).toEqual([
      200,
      expect.stringContaining('text/event-stream'),
    ]);
    await live.body?.cancel();
    succeeded.add('GET /v1/live');

    // Who is asking: an API key, then a user through a session.
    await succeed('GET', '/v1/auth/me');
    const login = await succeed<{ token: string }>('POST', '/v1/auth/login', {
      body: { email: 'oa@example.com', password: 'a-long-enough-password' },
    });
    await succeed('GET', '/v1/auth/me', { credential: login.body.token });
    await succeed('POST', '/v1/auth/logout', { credential: login.body.token });

    // Admin configuration.
    await succeed('PUT', '/v1/admin/queues/:name', {
      path: '/v1/admin/queues/default',
      body: {
        slaPolicy: { targets: { '3': { firstResponseSeconds: 900, resolutionSeconds: 86_400 } } },
      },
    });
    const rule = await succeed<{ id: string }>('POST', '/v1/admin/routing-rules', {
      body: { name: 'Billing', conditions: {}, targetQueue: 'default' },
    });
    await succeed('DELETE', '/v1/admin/routing-rules/:id', {
      path: `/v1/admin/routing-rules/${rule.body.id}`,
    });
    const user = await succeed<{ id: string }>('POST', '/v1/admin/users', {
      body: {
        email: 'ed@example.com',
        displayName: 'Ed',
        role: 'viewer',
        password: 'another-long-passphrase-9',
      },
    });
    await succeed('PATCH', '/v1/admin/users/:id', {
      path: `/v1/admin/users/${user.body.id}`,
      body: { displayName: 'Edward' },
    });
    const key = await succeed<{ apiKey: { id: string } }>('POST', '/v1/admin/api-keys', {
      body: { name: 'phone-system', role: 'integration' },
    });
    await succeed('DELETE', '/v1/admin/api-keys/:id', {
      path: `/v1/admin/api-keys/${key.body.apiKey.id}`,
    });
    const definition = {
      rules: [
        {
          id: 'spam',
          when: { type: 'textContainsAny', values: ['crypto'] },
          then: { ignore: true },
        },
      ],
    };
    const published = await succeed<{ version: number }>('POST', '/v1/admin/matching-rules', {
      body: { definition },
    });
    await succeed('GET', '/v1/admin/matching-rules/latest');
    await succeed('GET', '/v1/admin/matching-rules/:version', {
      path: `/v1/admin/matching-rules/${published.body.version}`,
    });
    await succeed('POST', '/v1/admin/matching-rules/dry-run', { body: { definition } });

    // An agent works a phone call through the shared queues.
    const agent = await succeed<{ id: string }>('POST', '/v1/agents', { body: { name: 'Bo' } });
    const agentId = agent.body.id;
    const agentPath = (end: string) => ({ path: `/v1/agents/${agentId}/${end}` });
    await succeed('PUT', '/v1/agents/:id/presence', {
      ...agentPath('presence'),
      body: { presence: 'available' },
    });
    await succeed('POST', '/v1/agents/:id/heartbeat', agentPath('heartbeat'));
    const work = await succeed<{ workItem: { id: string }; case: { id: string } }>(
      'POST',
      '/v1/work-items',
      {
        body: { channel: 'phone', callerNumber: '+14155552671', callId: 'call-1' },
      },
    );
    const item = (end: string, body: object) => ({
      path: `/v1/work-items/${work.body.workItem.id}/${end}`,
      body: { agentId, ...body },
    });
    // 200 with the item (not 204): the WorkItem schema is checked on it.
    expect((await succeed('POST', '/v1/agents/:id/next', agentPath('next'))).status).toBe(200);
    await succeed('POST', '/v1/work-items/:id/accept', item('accept', {}));
    await succeed('POST', '/v1/work-items/:id/put-back', item('put-back', {}));
    await succeed('POST', '/v1/agents/:id/next', agentPath('next'));
    await succeed('POST', '/v1/work-items/:id/transfer', item('transfer', { toQueue: 'default' }));
    await succeed('POST', '/v1/agents/:id/next', agentPath('next'));
    await succeed(
      'POST',
      '/v1/work-items/:id/complete',
      item('complete', { resolutionCode: 'solved' }),
    );
    await succeed('GET', '/v1/cases/:id', { path: `/v1/cases/${work.body.case.id}` });
    await succeed('GET', '/v1/dashboard/summary');

    // A reply to a customer's tweet on a case the agent holds.
    const c = await seedCase(dataSource, { channel: 'social', priority: 3 });
    await dataSource.query(
      `INSERT INTO interactions (case_id, customer_id, channel, direction, platform, external_id, author_id, text, occurred_at, decision, payload)
       VALUES ($1, $2, 'social', 'inbound', 'x', '1800000000000000009', 'customer-1', '@brand late', now(), '{}', '{}')`,
      [c.caseId, c.customerId],
    );
    await dataSource.query(
      `INSERT INTO work_items (case_id, queue_name, channel, priority, routing_explanation, queued_at, status, agent_id, assigned_at, accepted_at)
       VALUES ($1, 'default', 'social', 3, 'test', now(), 'assigned', $2, now(), now())`,
      [c.caseId, agentId],
    );
    await succeed('POST', '/v1/cases/:caseId/replies', {
      path: `/v1/cases/${c.caseId}/replies`,
      body: { requestId: randomUUID(), agentId, text: 'Sorry, we are on it' },
    });
    // Notes, and finding the case and its customer (issue 12 points 7 and 9).
    await succeed('POST', '/v1/cases/:caseId/notes', {
      path: `/v1/cases/${c.caseNumber}/notes`,
      body: { body: 'Promised a call back' },
    });
    const found = await succeed<{ items: unknown[] }>('GET', '/v1/cases', {
      path: `/v1/cases?q=late&status=open&customerId=${c.customerId}&sort=-updatedAt,priority`,
    });
    expect(found.body.items).toHaveLength(1);
    await succeed('GET', '/v1/customers', { path: '/v1/customers?q=seeded' });
    await succeed('GET', '/v1/customers/:id', { path: `/v1/customers/${c.customerId}` });
    // A second case of that customer merged into it (issue 12 point 5); its timeline then
    // carries the merge event and the merged case's entries.
    const [{ case_number: second }]: Array<{ case_number: string }> = await dataSource.query(
      `INSERT INTO cases (id, customer_id, origin_channel) VALUES ($1, $2, 'phone') RETURNING case_number`,
      [randomUUID(), c.customerId],
    );
    await succeed('POST', '/v1/cases/:id/merge', {
      path: `/v1/cases/${second}/merge`,
      body: { into: c.caseNumber },
    });
    await succeed('GET', '/v1/cases/:id', { path: `/v1/cases/${c.caseNumber}` });
    await succeed('GET', '/v1/cases/:id', { path: `/v1/cases/${second}` });

    // Claimed identities of a customer confirmed and detached; the identity policy.
    const claims: Array<{ id: string }> = await dataSource.query(
      `INSERT INTO customer_identities (customer_id, platform, external_user_id, link, evidence, trust, source)
       VALUES ($1, 'x', '424201', 'inferred', '{"kind":"phone"}', 'claimed', 'matcher'),
              ($1, 'x', '424202', 'inferred', '{"kind":"phone"}', 'claimed', 'matcher')
       RETURNING id`,
      [c.customerId],
    );
    for (const [decision, claim] of [
      ['confirm', claims[0]],
      ['detach', claims[1]],
    ] as const)
      await succeed('POST', `/v1/customers/:id/identities/:identityId/${decision}`, {
        path: `/v1/customers/${c.customerId}/identities/${claim.id}/${decision}`,
      });
    await succeed('POST', '/v1/customers/:id/identities', {
      path: `/v1/customers/${c.customerId}/identities`,
      body: { kind: 'email', value: 'Seeded@Example.com' },
    });
    await succeed('GET', '/v1/admin/identity-policy');
    await succeed('PUT', '/v1/admin/identity-policy', { body: { autoConfirm: ['email'] } });

    // The CRM's customers: imported, two merged, one erased.
    await succeed('POST', '/v1/admin/crm-import', {
      body: {
        customers: [
          { crmId: 'crm-1', displayName: 'Ana' },
          { crmId: 'crm-2', displayName: 'Ana L.' },
        ],
      },
    });
    const [one, two]: Array<{ id: string }> = await dataSource.query(
      `SELECT id FROM customers WHERE crm_id IN ('crm-1', 'crm-2') ORDER BY crm_id`,
    );
    await succeed('POST', '/v1/customers/:id/merge', {
      path: `/v1/customers/${two.id}/merge`,
      body: { intoCustomerId: one.id, reason: 'same person' },
    });
    await succeed('DELETE', '/v1/customers/:id/personal-data', {
      path: `/v1/customers/${one.id}/personal-data`,
    });

    // A CRM connector: saved (credentials write-only), read, paused, resumed, full sync asked.
    await succeed('PUT', '/v1/admin/crm-connectors/:name', {
      path: '/v1/admin/crm-connectors/zendesk-main',
      body: {
        kind: 'zendesk',
        settings: { endpointUri: 'http://127.0.0.1:9/api/v2' },
        credentials: { kind: 'api-token', email: 'sync@brand.example', token: 'zd-token' },
        webhookSecret: 'zendesk-webhook-signing-secret',
      },
    });
    // Its Zendesk webhook, signed as Zendesk signs (public: the signature is the credential).
    const hook = { type: 'zen:event-type:ticket.status_changed' };
    const timestamp = new Date().toISOString();
    await succeed('POST', '/v1/webhooks/crm/:name', {
      path: '/v1/webhooks/crm/zendesk-main',
      body: hook,
      headers: {
        'x-zendesk-webhook-signature': signZendeskWebhook(
          'zendesk-webhook-signing-secret',
          timestamp,
          Buffer.from(JSON.stringify(hook)),
        ),
        'x-zendesk-webhook-signature-timestamp': timestamp,
      },
    });
    for (const action of ['pause', 'resume', 'full-sync'])
      await succeed('POST', `/v1/admin/crm-connectors/:name/${action}`, {
        path: `/v1/admin/crm-connectors/zendesk-main/${action}`,
      });
    await succeed('GET', '/v1/admin/crm-connectors/:name', {
      path: '/v1/admin/crm-connectors/zendesk-main',
    });
    // The list, now with an item in it (the lists test above saw it empty).
    await succeed('GET', '/v1/admin/crm-connectors', { path: '/v1/admin/crm-connectors' });

    // Every route's success answer was checked (the lists by the test above).
    const lists = (r: RouteAccess) =>
      r.method === 'GET' &&
      ((documented(r, 200, 'application/json') as { $ref?: string } | undefined)?.$ref?.endsWith(
        'List',
      ) ??
        false);
    const unchecked = app
      .get(RouteCatalog)
      .routes()
      .filter((r) => !lists(r) && !succeeded.has(`${r.method} ${r.path}`))
      .map((r) => `${r.method} ${r.path}`);
    expect(unchecked).toEqual([]);
  });

  it('a drifted success answer fails: a retyped figure, a missing or renamed field', async () => {
    const { body } = await succeed<Record<string, unknown>>('GET', '/v1/dashboard/summary');
    const route = { method: 'GET', path: '/v1/dashboard/summary' } as RouteAccess;
    const schema = documented(route, 200, 'application/json')!;
    expect(validate(schema, body)).toBeNull();
    expect(validate(schema, { ...body, bucketSeconds: '60' })).toMatch(/bucketSeconds/);
    const { sla, ...withoutSla } = body;
    expect(validate(schema, withoutSla)).toMatch(/sla/);
    expect(validate(schema, { ...withoutSla, slas: sla })).toMatch(/sla/);
    const me = await succeed<Record<string, unknown>>('GET', '/v1/auth/me');
    const meSchema = documented(
      { method: 'GET', path: '/v1/auth/me' } as RouteAccess,
      200,
      'application/json',
    )!;
    expect(validate(meSchema, { ...me.body, role: 'owner' })).not.toBeNull();
  });

  it('a drifted answer fails: a missing envelope key, a renamed or retyped item field', async () => {
    const route = app
      .get(RouteCatalog)
      .routes()
      .find((r) => r.method === 'GET' && r.path === '/v1/agents')!;
    const { body } = await callAndValidate(route, '', adminKey);
    const page = body as { items: Array<Record<string, unknown>>; total: number };
    const schema = documented(route, 200, 'application/json')!;
    expect(page.items.length).toBeGreaterThan(0);
    const { total: _total, ...withoutTotal } = page;
    expect(validate(schema, withoutTotal)).toMatch(/total/);
    const [agent] = page.items;
    const { presence, ...rest } = agent;
    expect(validate(schema, { ...page, items: [{ ...rest, status: presence }] })).toMatch(
      /presence/,
    );
    expect(validate(schema, { ...page, items: [{ ...agent, id: 7 }] })).toMatch(/id|string/);
    expect(validate(schema, { ...page, extra: true })).toMatch(/additional/);
  });
});
