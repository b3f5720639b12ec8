import type { INestApplication } from '@nestjs/common';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { DataSource } from 'typeorm';
import { loadConfig } from '@scb/config';
import { appUrl, freshDatabase, isolatedEnv, seedApiKey, clearQueueKeys } from '@scb/testing';
import { startApi } from '../api.app';
import { ApiConfigSchema } from '../api.config';
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

/** Issue #15.6: real answers of every route checked against the schemas /docs-json documents. */
describe('OpenAPI: every route’s real responses validate against the document (ajv)', () => {
  const env = isolatedEnv('oaresponses');
  let app: INestApplication;
  let dataSource: DataSource;
  let drop: () => Promise<void>;
  let base: string;
  let adminKey: string;
  let doc: Document;
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

  beforeAll(async () => {
    ({ dataSource, drop } = await freshDatabase(env.DB_SCHEMA));
    app = await startApi(loadConfig(ApiConfigSchema, { ...process.env, ...env }));
    base = await appUrl(app);
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
    await app.close();
    await clearQueueKeys(env.QUEUE_PREFIX);
    await drop();
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
