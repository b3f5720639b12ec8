import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';

export interface SecurityHeaderOptions {
  /** `Strict-Transport-Security` max-age in seconds; 0 leaves the header out (plain HTTP). */
  hstsMaxAgeSeconds: number;
}

/** Swagger UI's page carries inline `<style>` blocks; nothing else needs inline styles. */
const DOCS_PATH = /^\/docs(\/|$)/;

const directives = (inlineStyles: boolean) => ({
  defaultSrc: ["'self'"],
  baseUri: ["'self'"],
  // The console and Swagger UI load only their own bundles: no inline or foreign script.
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  // React and chart.js set styles through the DOM (CSSOM), which CSP allows without inline.
  styleSrc: inlineStyles ? ["'self'", "'unsafe-inline'"] : ["'self'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  // fetch and the live feed's EventSource go to the api that served the page.
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  // The demo runs over plain HTTP on an address: upgrading its requests would break it.
  upgradeInsecureRequests: null,
});

/**
 * The api's security headers (helmet): a CSP fit for the web console (own scripts only, no
 * framing), `X-Frame-Options: DENY`, `X-Content-Type-Options: nosniff`, no `X-Powered-By`,
 * `Referrer-Policy: no-referrer`, HSTS only when `hstsMaxAgeSeconds > 0` (behind TLS), and
 * `Cache-Control: no-store` on every API answer (`/v1/...`): they carry session tokens, API keys
 * and personal data that no browser or proxy cache should keep.
 */
export function securityHeaders(options: SecurityHeaderOptions): RequestHandler[] {
  const common = {
    frameguard: { action: 'deny' as const },
    referrerPolicy: { policy: 'no-referrer' as const },
    strictTransportSecurity:
      options.hstsMaxAgeSeconds > 0
        ? { maxAge: options.hstsMaxAgeSeconds, includeSubDomains: true }
        : false,
  };
  const pages = helmet({ ...common, contentSecurityPolicy: { directives: directives(false) } });
  const docs = helmet({ ...common, contentSecurityPolicy: { directives: directives(true) } });
  const noStore = (req: Request, res: Response, next: NextFunction) => {
    if (req.path.startsWith('/v1/')) res.setHeader('Cache-Control', 'no-store');
    next();
  };
  const chosen = (req: Request, res: Response, next: NextFunction) =>
    DOCS_PATH.test(req.path) ? docs(req, res, next) : pages(req, res, next);
  return [chosen, noStore];
}
