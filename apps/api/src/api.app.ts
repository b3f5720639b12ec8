import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import cookieParser from 'cookie-parser';
import { startService } from '@scb/platform';
import type { ApiConfig } from './api.config';
import { ApiModule } from './api.module';
import { serveConsole } from './console-static';
import { securityHeaders } from './http-security/security-headers';
import { setupOpenApi } from './openapi/openapi.setup';

/** Starts the HTTP API on PORT, with the web console at `/`. */
export function startApi(config: ApiConfig): Promise<INestApplication> {
  return startService({
    name: 'api',
    module: ApiModule.forRoot(config),
    port: config.PORT,
    host: config.HOST,
    logLevel: config.LOG_LEVEL,
    logFormat: config.LOG_FORMAT,
    metricsPort: config.METRICS_PORT,
    beforeListen: (app) => {
      if (config.TRUST_PROXY) (app as NestExpressApplication).set('trust proxy', 1);
      app.use(securityHeaders({ hstsMaxAgeSeconds: config.HSTS_MAX_AGE_S }));
      // The console's session cookie (scb_session) is read from req.cookies.
      app.use(cookieParser());
      setupOpenApi(app);
      serveConsole(app as NestExpressApplication, config.CONSOLE_DIR);
    },
  });
}
