import { createServer, type Server } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { context, trace } from '@opentelemetry/api';
import { contextFrom, startSpan, type ServiceMetrics } from '@scb/observability';

/**
 * Times every HTTP request into `http_request_duration_seconds`. The route label is Express's
 * matched template (`/v1/cases/:id`), never the raw path, so ids cannot explode the series;
 * requests no route matched are `unmatched` (the last route they passed is then a middleware's
 * catch-all such as `/{*path}`, which names no endpoint).
 */
export function recordHttpMetrics(app: INestApplication, metrics: ServiceMetrics): void {
  const histogram = metrics.httpDuration;
  app.use((req: Request, res: Response, next: NextFunction) => {
    const stop = histogram.startTimer();
    // The server span, unless the http instrumentation made one already (it does in a service
    // process; not where modules load outside Node's require, as in tests). It continues the
    // caller's traceparent, so a webhook's trace runs on into Kafka.
    const own = trace.getActiveSpan()
      ? null
      : startSpan(`${req.method} request`, {
          kind: 'server',
          parent: contextFrom(req.headers),
          attributes: { 'http.request.method': req.method },
        });
    res.once('finish', () => {
      const template = (req.route as { path?: unknown } | undefined)?.path;
      const route =
        typeof template === 'string' && !template.includes('*')
          ? `${req.baseUrl}${template}`
          : 'unmatched';
      stop({ method: req.method, route, status_code: String(res.statusCode) });
      if (own) {
        own.span.updateName(`${req.method} ${route}`);
        own.span.setAttributes({
          'http.route': route,
          'http.response.status_code': res.statusCode,
        });
        own.span.end();
      }
    });
    if (own) context.with(own.ctx, next);
    else next();
  });
}

/** `GET /metrics` on the service's own HTTP server (services that are not public-facing). */
export function mountMetricsRoute(app: INestApplication, metrics: ServiceMetrics): void {
  app
    .getHttpAdapter()
    .get('/metrics', async (_req: Request, res: Response) => sendMetrics(res, metrics));
}

/**
 * `GET /metrics` on a port of its own, for the api, whose main port faces users: only the
 * cluster's Prometheus reaches this one. Anything else answers 404. Resolves once listening.
 */
export async function serveMetricsPort(
  metrics: ServiceMetrics,
  port: number,
  host = '0.0.0.0',
): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.method === 'GET' && req.url?.split('?')[0] === '/metrics') {
      metrics.exposition().then(
        ({ contentType, body }) => res.writeHead(200, { 'content-type': contentType }).end(body),
        (error: unknown) => res.writeHead(500).end(String(error)),
      );
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: only GET /metrics\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return server;
}

async function sendMetrics(res: Response, metrics: ServiceMetrics): Promise<void> {
  const { contentType, body } = await metrics.exposition();
  res.setHeader('content-type', contentType);
  res.status(200).send(body);
}
