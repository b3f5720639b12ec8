import type { DynamicModule, INestApplication, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { CustomTransportStrategy } from '@nestjs/microservices';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppLogger, createPinoLogger, ServiceMetrics } from '@scb/observability';
import { HealthRegistry } from './health-registry';
import { KnownQueryGuard } from './known-query.guard';
import { mountMetricsRoute, recordHttpMetrics, serveMetricsPort } from './metrics-endpoint';
import { rejectNulCharacters } from './nul-character.middleware';
import { ProblemDetailsFilter } from './problem-details.filter';
import { withRequestLogging } from './request-logging';
import { refuseInvalidUtf8 } from './utf8-body';

export interface ServiceDefinition {
  name: string;
  module: DynamicModule;
  port: number;
  /** The address to listen on (HOST: 127.0.0.1 for this machine only, 0.0.0.0 for all). */
  host: string;
  logLevel: LogLevel;
  logFormat: 'json' | 'text';
  /** A consumer transport (Kafka) started next to the HTTP server of a hybrid app. */
  transport?: (app: INestApplication) => CustomTransportStrategy;
  /**
   * Hand request bodies to handlers as raw bytes (a Buffer), up to this many bytes; larger ones
   * get 413. For signed webhooks: the signature covers the exact bytes, which re-serialized JSON
   * would not reproduce, and the signature must be checked before anything is parsed.
   */
  rawBodyLimit?: number;
  /**
   * Serve `GET /metrics` on this port instead of the main one (0: any free port; the api, whose
   * main port is public). Without it `/metrics` is a route of the main server.
   */
  metricsPort?: number;
  /** Last set-up before the server listens (routes mounted outside Nest, e.g. API docs). */
  beforeListen?: (app: INestApplication) => void | Promise<void>;
}

/** Every service is an HTTP app (health, API) plus, for consumers, a microservice transport. */
export async function startService(definition: ServiceDefinition): Promise<INestApplication> {
  const pino = createPinoLogger({
    service: definition.name,
    level: definition.logLevel,
    format: definition.logFormat,
  });
  const logger = new AppLogger(pino);
  const raw = definition.rawBodyLimit !== undefined;
  const root = withRequestLogging(definition.module, pino);
  const app = await NestFactory.create<NestExpressApplication>(root, {
    logger,
    abortOnError: false,
    bodyParser: !raw,
  });
  if (raw) app.useBodyParser('raw', { type: () => true, limit: definition.rawBodyLimit });
  else app.useBodyParser('json', { verify: refuseInvalidUtf8 });
  // One input gate on every route (NUL characters, unknown query parameters); errors as RFC 9457.
  app.use(rejectNulCharacters);
  app.useGlobalGuards(new KnownQueryGuard());
  app.useGlobalFilters(new ProblemDetailsFilter());
  // Names the framework to every caller for nothing: off on every service.
  app.disable('x-powered-by');
  app.enableShutdownHooks();
  app.get(HealthRegistry).setService(definition.name);
  const metrics = app.get(ServiceMetrics);
  metrics.setService(definition.name);
  recordHttpMetrics(app, metrics);
  if (definition.metricsPort === undefined) mountMetricsRoute(app, metrics);
  else metrics.attachServer(await serveMetricsPort(metrics, definition.metricsPort));
  if (definition.transport) {
    app.connectMicroservice({ strategy: definition.transport(app) }, { inheritAppConfig: true });
    await app.startAllMicroservices();
  }
  await definition.beforeListen?.(app);
  await app.listen(definition.port, definition.host);
  logger.log(`${definition.name} listening on ${definition.host} port ${definition.port}`);
  return app;
}

/** Kept here too for callers that import it from @scb/platform. */
export { runMain } from '@scb/config';
