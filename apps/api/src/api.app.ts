import type { INestApplication } from '@nestjs/common';
import { startService } from '@scb/platform';
import type { ApiConfig } from './api.config';
import { ApiModule } from './api.module';
import { serveConsole } from './console-static';

/** Starts the HTTP API on PORT, with the web console at `/`. */
export function startApi(config: ApiConfig): Promise<INestApplication> {
  return startService({
    name: 'api',
    module: ApiModule.register(config),
    port: config.PORT,
    logLevel: config.LOG_LEVEL,
    logFormat: config.LOG_FORMAT,
    configure: (app) => serveConsole(app, config.CONSOLE_DIR),
  });
}
