import type { DynamicModule, INestApplication, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { CustomTransportStrategy } from '@nestjs/microservices';
import { ConfigError } from '@scb/config';
import { createAppLogger } from '@scb/observability';
import { HealthRegistry } from './health-registry';

export interface ServiceDefinition {
  name: string;
  module: DynamicModule;
  port: number;
  logLevel: LogLevel;
  logFormat: 'json' | 'text';
  /** A consumer transport (Kafka) started next to the HTTP server of a hybrid app. */
  transport?: (app: INestApplication) => CustomTransportStrategy;
}

/** Every service is an HTTP app (health, API) plus, for consumers, a microservice transport. */
export async function startService(definition: ServiceDefinition): Promise<INestApplication> {
  const logger = createAppLogger(definition.name, definition.logLevel, definition.logFormat);
  const app = await NestFactory.create(definition.module, { logger, abortOnError: false });
  app.enableShutdownHooks();
  app.get(HealthRegistry).setService(definition.name);
  if (definition.transport) {
    app.connectMicroservice({ strategy: definition.transport(app) }, { inheritAppConfig: true });
    await app.startAllMicroservices();
  }
  await app.listen(definition.port, '0.0.0.0');
  logger.log(`${definition.name} listening on port ${definition.port}`);
  return app;
}

/** Runs a process entry point; a bad configuration exits with the variable's name, not a stack. */
export function runMain(main: () => Promise<unknown>): void {
  // Promise.resolve().then: a ConfigError thrown synchronously is handled like a rejected one.
  Promise.resolve()
    .then(main)
    .catch((error: unknown) => {
      if (error instanceof ConfigError) console.error(error.message);
      else console.error(error);
      process.exit(1);
    });
}
