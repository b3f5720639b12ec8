import { Controller, Get, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { Express } from 'express';
import type { DataSource } from 'typeorm';
import { ROLES, type Role } from '@scb/auth';
import { loadConfig } from '@scb/config';
import { appUrl, isolatedEnv, seedApiKey, seedSession, createTestApp } from '@scb/testing';
import { ApiConfigSchema } from '../api.config';
import { ApiModule } from '../api.module';
import { RouteCatalog, type RouteAccess } from './route-catalog';

const ALL: Role[] = [...ROLES];
/**
 * The role matrix of docs/security.md (admin may call everything and is left out). A route
 * listed here must declare exactly these roles; a route not listed must still declare some.
 */
const MATRIX: Record<string, Role[] | 'public'> = {
  'GET /health': 'public',
  'GET /livez': 'public',
  'GET /readyz': 'public',
  'POST /v1/auth/login': 'public',
  'POST /v1/webhooks/crm/:name': 'public',
  'POST /v1/auth/logout': ALL,
  'GET /v1/auth/me': ALL,
  'GET /v1/cases': ['supervisor', 'agent', 'viewer'],
  'POST /v1/cases/:caseId/replies': ['agent', 'supervisor'],
  'POST /v1/cases/:caseId/notes': ['agent', 'supervisor'],
  'POST /v1/cases/:id/merge': ['supervisor'],
  'GET /v1/customers': ['supervisor', 'agent', 'viewer'],
  'GET /v1/customers/:id': ['supervisor', 'agent', 'viewer'],
  'POST /v1/customers/:id/identities': ['agent', 'supervisor'],
  'POST /v1/customers/:id/identities/:identityId/confirm': ['agent', 'supervisor'],
  'POST /v1/customers/:id/identities/:identityId/detach': ['agent', 'supervisor'],
  'GET /v1/admin/identity-policy': ['supervisor', 'viewer'],
  'PUT /v1/admin/identity-policy': [],
  'GET /v1/queues': ['supervisor', 'agent', 'viewer'],
  'GET /v1/agents': ['supervisor', 'agent', 'viewer'],
  'POST /v1/agents': ['supervisor'],
  'PUT /v1/agents/:id/presence': ['supervisor', 'agent'],
  'POST /v1/agents/:id/heartbeat': ['agent'],
  'GET /v1/agents/:id/work': ['supervisor', 'agent'],
  'POST /v1/agents/:id/next': ['agent'],
  'POST /v1/work-items': ['integration'],
  'POST /v1/work-items/:id/accept': ['agent'],
  'POST /v1/work-items/:id/complete': ['agent'],
  'POST /v1/work-items/:id/put-back': ['supervisor', 'agent'],
  'POST /v1/work-items/:id/transfer': ['supervisor', 'agent'],
  'GET /v1/sla-events': ['supervisor', 'viewer'],
  'GET /v1/admin/queues': ['supervisor', 'viewer'],
  'PUT /v1/admin/queues/:name': [],
  'GET /v1/admin/routing-rules': ['supervisor', 'viewer'],
  'POST /v1/admin/routing-rules': [],
  'DELETE /v1/admin/routing-rules/:id': [],
  'POST /v1/admin/matching-rules': [],
  'GET /v1/admin/matching-rules/latest': ['supervisor', 'viewer'],
  'GET /v1/admin/matching-rules/:version': ['supervisor', 'viewer'],
  'POST /v1/admin/crm-import': ['supervisor', 'integration'],
  'GET /v1/admin/users': [],
  'POST /v1/admin/users': [],
  'PATCH /v1/admin/users/:id': [],
  'GET /v1/admin/api-keys': [],
  'POST /v1/admin/api-keys': [],
  'DELETE /v1/admin/api-keys/:id': [],
  'GET /v1/audit-log': ['supervisor'],
  'GET /v1/cases/:id': ['supervisor', 'agent', 'viewer'],
  'GET /v1/dashboard/summary': ['supervisor', 'agent', 'viewer'],
  'GET /v1/dashboard/mentions': ['supervisor', 'agent', 'viewer'],
  'GET /v1/dashboard/queues': ['supervisor', 'agent', 'viewer'],
  'GET /v1/live': ['supervisor', 'agent', 'viewer'],
  'POST /v1/admin/matching-rules/dry-run': ['supervisor'],
};

const PLACEHOLDER = '00000000-0000-4000-8000-000000000000';
const key = (r: Pick<RouteAccess, 'method' | 'path'>) => `${r.method} ${r.path}`;
const declared = (r: RouteAccess): Role[] | 'public' | null =>
  r.isPublic ? 'public' : r.roles && [...r.roles].filter((x) => x !== 'admin').sort();

/** Routes as the HTTP server sees them, so a route mounted around Nest's back is noticed too. */
function expressRoutes(app: INestApplication): string[] {
  const express = app.getHttpAdapter().getInstance() as Express;
  const stack = (
    express.router as unknown as {
      stack: Array<{ route?: { path: string; methods: Record<string, boolean> } }>;
    }
  ).stack;
  return stack.flatMap((layer) =>
    layer.route
      ? Object.keys(layer.route.methods).map((m) => `${m.toUpperCase()} ${layer.route!.path}`)
      : [],
  );
}

describe('every api route against the role matrix (real Nest app, real Postgres)', () => {
  const env = isolatedEnv('matrix');
  let app: INestApplication;
  let dataSource: DataSource;
  let close: () => Promise<void>;
  let base: string;
  let agentId: string;
  const credentials = {} as Record<Role, string>;

  beforeAll(async () => {
    const testApp = await createTestApp('api', env);
    ({ app, dataSource, baseUrl: base, close } = testApp);
    for (const role of ROLES) credentials[role] = await seedApiKey(dataSource, role);
    const [agent]: Array<{ id: string }> = await dataSource.query(
      `INSERT INTO agents (name) VALUES ('matrix') RETURNING id`,
    );
    agentId = agent.id;
    credentials.agent = await seedSession(dataSource, { role: 'agent', agentId });
  }, 60_000);
  afterAll(() => close());

  /** Status and body (JSON when refused) of a call as `role`; a stream's body is not awaited. */
  async function callAs(role: Role, route: RouteAccess) {
    const own = role === 'agent' && route.ownAgent;
    const path = route.path.replace(/:(\w+)/g, (_, name: string) =>
      own && 'param' in own && own.param === name ? agentId : PLACEHOLDER,
    );
    const response = await fetch(`${base}${path}`, {
      method: route.method,
      headers: { authorization: `Bearer ${credentials[role]}`, 'content-type': 'application/json' },
      body: route.method === 'GET' ? undefined : JSON.stringify({ agentId }),
      signal: AbortSignal.timeout(15_000),
    });
    const refused = response.status === 401 || response.status === 403;
    const body = refused ? ((await response.json()) as { reason?: string }) : null;
    if (!refused) await response.body?.cancel();
    return { status: response.status, reason: body?.reason };
  }

  it('finds every route the HTTP server has, and each declares @Public or @Roles', () => {
    const routes = app.get(RouteCatalog).routes();
    expect(routes.length).toBeGreaterThanOrEqual(Object.keys(MATRIX).length);
    expect(routes.filter((r) => declared(r) === null).map(key)).toEqual([]);
    // `/{*path}` on every method is the request-logging middleware (nestjs-pino), not an endpoint.
    const served = expressRoutes(app).filter((r) => !/ \/docs/.test(r) && !r.endsWith(' /{*path}'));
    expect([...served].sort()).toEqual(routes.map(key).sort());
  });

  it('declares exactly the documented roles on every route of the matrix', () => {
    const routes = new Map(
      app
        .get(RouteCatalog)
        .routes()
        .map((r) => [key(r), r]),
    );
    for (const [route, roles] of Object.entries(MATRIX)) {
      const found = routes.get(route);
      expect({ route, declared: found ? declared(found) : 'missing' }).toEqual({
        route,
        declared: roles === 'public' ? roles : roles.filter((r) => r !== 'admin').sort(),
      });
    }
  });

  it('answers 403 to every role the matrix denies, and lets every allowed role past the guard', async () => {
    // Logging out ends the agent's session, so it goes last.
    const routes = app
      .get(RouteCatalog)
      .routes()
      .sort((a, b) => Number(a.path.endsWith('/logout')) - Number(b.path.endsWith('/logout')));
    const wrong: string[] = [];
    for (const route of routes) {
      for (const role of ROLES) {
        const allowed = route.isPublic || role === 'admin' || (route.roles ?? []).includes(role);
        const { status, reason } = await callAs(role, route);
        // A signed webhook is past the role guard when its own signature check answers.
        const ok = allowed
          ? (status !== 401 && status !== 403) || reason === 'webhook_signature'
          : status === 403 && reason === 'role_not_allowed';
        if (!ok) wrong.push(`${key(route)} as ${role}: ${status} ${reason ?? ''}`);
      }
    }
    expect(wrong).toEqual([]);
  }, 120_000);

  it('refuses, and reports, a route that declares neither @Public nor @Roles', async () => {
    @Controller('v1/forgotten')
    class ForgottenController {
      @Get()
      leak() {
        return { secret: 'should not be served' };
      }
    }
    const moduleRef = await Test.createTestingModule({
      imports: [ApiModule.forRoot(loadConfig(ApiConfigSchema, { ...process.env, ...env }))],
      controllers: [ForgottenController],
    }).compile();
    const withForgotten = moduleRef.createNestApplication({ logger: false });
    await withForgotten.listen(0, '127.0.0.1');
    try {
      const forgotten = withForgotten
        .get(RouteCatalog)
        .routes()
        .filter((r) => declared(r) === null)
        .map(key);
      expect(forgotten).toEqual(['GET /v1/forgotten']);
      const response = await fetch(`${await appUrl(withForgotten)}/v1/forgotten`, {
        headers: { authorization: `Bearer ${credentials.admin}` },
      });
      expect(response.status).toBe(403);
      expect(await response.json()).toMatchObject({ reason: 'no_access_policy' });
    } finally {
      await withForgotten.close();
    }
  });
});
