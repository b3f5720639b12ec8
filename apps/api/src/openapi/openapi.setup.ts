import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { RouteCatalog, type RouteAccess } from '../auth/route-catalog';
import { SESSION_COOKIE } from '../auth/credentials';
import { ingestionWebhooks } from './ingestion-webhooks';
import { addProblemComponent, errorResponses } from './problem.schemas';
import { declaredComponents, component } from './zod-openapi.decorators';
import { SuccessSchemas } from './success.schemas';

type Operation = OpenAPIObject['paths'][string]['get'] & object;
type Method = 'get' | 'put' | 'post' | 'delete' | 'patch';

/** `/v1/agents/:id/next` as OpenAPI writes it: `/v1/agents/{id}/next`. */
const openApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');

function describeAccess(operation: Operation, route: RouteAccess): void {
  const tag = route.path.split('/').filter((p) => p && p !== 'v1')[0] ?? 'api';
  operation.tags = operation.tags?.length ? operation.tags : [tag];
  if (route.isPublic) {
    operation.security = [];
    operation.description = ['Public: no credentials needed.', operation.description]
      .filter(Boolean)
      .join('\n\n');
    return;
  }
  const roles = ['admin', ...(route.roles ?? []).filter((r) => r !== 'admin')];
  const own = route.ownAgent
    ? ` (role agent: only as their own linked agent, from ${'param' in route.ownAgent ? `path parameter ${route.ownAgent.param}` : `body field ${route.ownAgent.body}`})`
    : '';
  (operation as Record<string, unknown>)['x-roles'] = roles;
  operation.description = [
    `Roles: ${roles.join(', ')}${own}. 401 without valid credentials, 403 for other roles.`,
    operation.description,
  ]
    .filter(Boolean)
    .join('\n\n');
}

/**
 * Success answers of routes whose controllers carry no OpenAPI decorators: `/health`, `/livez`
 * and `/readyz` live in libs/platform (shared by every service), `/v1/live` is a server-sent event stream.
 */
function describeSharedRoutes(document: OpenAPIObject): void {
  const health = document.paths['/health']?.get;
  if (health) {
    const content = { 'application/json': { schema: component('Health', SuccessSchemas.Health) } };
    health.responses = {
      ...health.responses,
      '200': { description: 'every dependency answers', content },
      '503': { description: 'a dependency does not answer (details in `checks`)', content },
    };
  }
  // Kubernetes probes (libs/platform): liveness checks nothing, readiness every dependency.
  for (const path of ['/livez', '/readyz']) {
    const probe = document.paths[path]?.get;
    if (!probe) continue;
    const content = { 'application/json': { schema: component('Probe', SuccessSchemas.Probe) } };
    probe.responses = {
      ...probe.responses,
      '200': { description: 'ready (or alive)', content },
      '503': { description: 'not ready: the failing dependency is in `error`', content },
    };
  }
  const live = document.paths['/v1/live']?.get;
  if (live)
    live.responses = {
      ...live.responses,
      '200': {
        description:
          'server-sent events (`text/event-stream`): `mention`, `note` (on a held case), `queues`, `heartbeat`',
        content: { 'text/event-stream': { schema: { type: 'string' } } },
      },
    };
}

/**
 * OpenAPI at /docs (UI) and /docs-json: every route with the roles that may call it, the three
 * ways to authenticate, the query parameters of every list, named component schemas of request
 * bodies and of list and other success answers, the problem+json errors of every operation, and ingestion's
 * webhooks.
 */
export function setupOpenApi(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Social Case Bridge API')
    .setDescription(
      'Cases, shared queues, agents’ work, admin configuration and the audit log. Authenticate with a session token (POST /v1/auth/login) or an API key, as a Bearer token, the X-Api-Key header, or the scb_session cookie. Lists take limit (1–200, default 50) and offset.',
    )
    .setVersion('1')
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', description: 'session token or API key (scb_…)' },
      'bearer',
    )
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-Api-Key' }, 'api-key')
    .addCookieAuth(SESSION_COOKIE, { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE }, 'cookie')
    .addSecurityRequirements('bearer')
    .addSecurityRequirements('api-key')
    .addSecurityRequirements('cookie')
    .build();
  const document = SwaggerModule.createDocument(app, config);
  // 3.1: JSON Schema 2020-12 as zod writes it, and `webhooks` for ingestion's endpoints.
  document.openapi = '3.1.0';
  for (const route of app.get(RouteCatalog).routes()) {
    const path = openApiPath(route.path);
    const operation = document.paths[path]?.[route.method.toLowerCase() as Method];
    if (!operation) continue;
    describeAccess(operation, route);
    operation.responses = { ...operation.responses, ...errorResponses(path, route.isPublic) };
  }
  describeSharedRoutes(document);
  (document as OpenAPIObject & { webhooks?: unknown }).webhooks = ingestionWebhooks();
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, ...declaredComponents() },
  };
  addProblemComponent(document);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  return document;
}
