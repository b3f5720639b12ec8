import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Module, type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { Logger } from 'pino';

/** Probe and scrape paths: polled every few seconds, so not worth a log line each. */
const QUIET_PATHS = new Set(['/health', '/livez', '/readyz', '/metrics']);
/** A caller's X-Request-Id is kept when it is a plain token, else we make one. */
const REQUEST_ID = /^[\w.:-]{1,128}$/;

@Module({})
class ServiceRootModule {}

/**
 * The service's module under a root that adds nestjs-pino: one `request completed` line per
 * request (method, path without its query, status, duration; no headers, so no credentials),
 * and `requestId` on every line logged while the request is handled. The id comes from the
 * caller's `X-Request-Id` or is a new UUID, and is echoed in the response's `X-Request-Id`.
 */
export function withRequestLogging(module: DynamicModule, logger: Logger): DynamicModule {
  return {
    module: ServiceRootModule,
    imports: [
      module,
      LoggerModule.forRoot({
        pinoHttp: {
          logger,
          quietReqLogger: true,
          customAttributeKeys: { reqId: 'requestId' },
          genReqId: (req: IncomingMessage, res: ServerResponse) => {
            const incoming = req.headers['x-request-id'];
            const id =
              typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
            res.setHeader('x-request-id', id);
            return id;
          },
          autoLogging: { ignore: (req) => QUIET_PATHS.has((req.url ?? '').split('?')[0]) },
          customLogLevel: (_req, res, error) =>
            error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
          serializers: {
            // The query can carry tokens (Meta's hub.verify_token): the path only.
            req: (req: { id: unknown; method: string; url: string }) => ({
              id: req.id,
              method: req.method,
              path: req.url.split('?')[0],
            }),
            res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
          },
        },
      }),
    ],
  };
}
