import type { INestApplication } from '@nestjs/common';
import { isolatedEnv, createTestApp } from '@scb/testing';
import { RouteCatalog } from '../auth/route-catalog';

interface Operation {
  security?: unknown[];
  description?: string;
  'x-roles'?: string[];
  parameters?: Array<{ name: string; in: string; required: boolean }>;
  requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown> } }> };
}
interface Document {
  openapi: string;
  components: {
    securitySchemes: Record<string, { type: string; in?: string; name?: string }>;
    schemas?: Record<string, { properties?: Record<string, unknown> }>;
  };
  security: unknown[];
  paths: Record<string, Record<string, Operation>>;
}

describe('OpenAPI documentation at /docs (real Nest app)', () => {
  const env = isolatedEnv('openapi');
  let app: INestApplication;
  let close: () => Promise<void>;
  let base: string;
  let doc: Document;
  const op = (method: string, path: string) => doc.paths[path]?.[method];

  beforeAll(async () => {
    ({ app, baseUrl: base, close } = await createTestApp('api', env));
    const response = await fetch(`${base}/docs-json`);
    expect(response.status).toBe(200);
    doc = (await response.json()) as Document;
  });
  afterAll(() => close());

  it('serves the UI and declares the bearer, API-key and cookie schemes', async () => {
    const ui = await fetch(`${base}/docs`);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toMatch(/swagger/i);
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.components.securitySchemes).toEqual({
      bearer: expect.objectContaining({ type: 'http', scheme: 'bearer' }),
      'api-key': expect.objectContaining({ type: 'apiKey', in: 'header', name: 'X-Api-Key' }),
      cookie: expect.objectContaining({ type: 'apiKey', in: 'cookie', name: 'scb_session' }),
    });
    expect(doc.security).toEqual([{ bearer: [] }, { 'api-key': [] }, { cookie: [] }]);
  });

  it('documents every route with the roles that may call it; public ones need no credentials', () => {
    for (const route of app.get(RouteCatalog).routes()) {
      const operation = op(route.method.toLowerCase(), route.path.replace(/:(\w+)/g, '{$1}'));
      expect({ route: route.path, found: operation !== undefined }).toEqual({
        route: route.path,
        found: true,
      });
      if (route.isPublic) expect(operation.security).toEqual([]);
      else
        expect(operation['x-roles']).toEqual([
          'admin',
          ...(route.roles ?? []).filter((r) => r !== 'admin'),
        ]);
    }
    expect(op('post', '/v1/agents/{id}/next').description).toMatch(
      /only as their own linked agent/,
    );
  });

  it('documents the pagination and filters of lists and the fields of bodies', () => {
    const params = (path: string) =>
      op('get', path)
        .parameters!.filter((p) => p.in === 'query')
        .map((p) => p.name);
    for (const list of [
      '/v1/cases',
      '/v1/queues',
      '/v1/agents',
      '/v1/sla-events',
      '/v1/admin/users',
      '/v1/admin/api-keys',
      '/v1/dashboard/mentions',
    ])
      expect({ list, params: params(list) }).toEqual({
        list,
        params: expect.arrayContaining(['limit', 'offset']),
      });
    expect(params('/v1/cases')).toContain('status');
    expect(params('/v1/dashboard/summary')).toEqual(['platform', 'queue', 'from', 'to']);
    expect(params('/v1/audit-log')).toEqual(['limit', 'offset', 'entity', 'actor', 'from', 'to']);
    // Request bodies are named components: follow the reference.
    const ref = (
      op('post', '/v1/auth/login').requestBody!.content['application/json'].schema as {
        $ref: string;
      }
    ).$ref;
    const login = doc.components.schemas![ref.split('/').pop()!];
    expect(Object.keys(login.properties ?? {})).toEqual(['email', 'password']);
  });
});
