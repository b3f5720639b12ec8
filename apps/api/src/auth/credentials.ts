import type { Request } from 'express';
import type { Principal } from '@scb/auth';

export const SESSION_COOKIE = 'scb_session';

/** The request once the guard has let it through. */
export interface AuthedRequest extends Request {
  principal?: Principal;
}

export type Credential = { secret: string } | { malformed: string } | null;

/**
 * The secret a request carries: `Authorization: Bearer` (session token or API key), then
 * `X-Api-Key`, then the session cookie (the browser console and EventSource, which cannot set
 * headers).
 */
export function readCredential(req: Request): Credential {
  const authorization = req.headers.authorization;
  if (authorization !== undefined) {
    const match = /^Bearer +(\S+)\s*$/i.exec(authorization);
    return match ? { secret: match[1] } : { malformed: 'Authorization must be "Bearer <token>"' };
  }
  const apiKey = req.headers['x-api-key'];
  if (typeof apiKey === 'string' && apiKey.length > 0) return { secret: apiKey.trim() };
  // Parsed by cookie-parser (mounted in startApi): RFC 6265 cookies, values URI-decoded.
  const cookies = req.cookies as Record<string, unknown> | undefined;
  const session = cookies?.[SESSION_COOKIE];
  return typeof session === 'string' && session.length > 0 ? { secret: session } : null;
}
