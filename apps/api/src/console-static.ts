import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';

/**
 * Paths that belong to the API (routes, OpenAPI, health and metrics endpoints), never to the
 * console's client-side routes: a browser asking for them gets the API's answer (or its 404),
 * never index.html.
 */
export const API_PATH = /^\/(v1|health|livez|readyz|metrics|docs|docs-json)(\/|$|\.)/;

/**
 * The console's client-side routes (apps/console): only these get index.html. Anything else,
 * `/metrics`, `/readyz`, `/healthz` or a typo included, falls through to the API's 404, so a
 * mis-aimed probe or scrape fails instead of "passing" on the console's HTML. A new console
 * page adds its first path segment here.
 */
export const CONSOLE_ROUTE = /^\/((agent|admin|login|cases|customers|mentions)(\/.*)?)?$/;

/** True when `GET path` with an HTML Accept header should be answered with the console's index. */
export const isConsoleRoute = (path: string): boolean =>
  CONSOLE_ROUTE.test(path) && !API_PATH.test(path);

/**
 * Serves the built web console (`npm run build` puts it in dist/console) at `/`, with the SPA
 * fallback: a browser asking for a console route (/agent, /admin/users, /cases/CS-000123, ...)
 * gets index.html, on a reload or a deep link too, and the client-side router takes over. Without a build the API runs alone and says so.
 */
export function serveConsole(app: NestExpressApplication, dir: string): void {
  const index = join(dir, 'index.html');
  if (!existsSync(index)) {
    new Logger('Console').warn(`no console build in ${dir} (npm run build): API only`);
    return;
  }
  app.useStaticAssets(dir, { index: false, maxAge: '1h', immutable: false });
  app.use((req: Request, res: Response, next: NextFunction) => {
    const read = req.method === 'GET' || req.method === 'HEAD';
    if (!read || !isConsoleRoute(req.path) || !req.accepts('html')) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
}
