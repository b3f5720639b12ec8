import type { IncomingMessage } from 'node:http';
import { isWellFormedUtf8 } from '@scb/contracts';

/**
 * body-parser's `verify` hook for JSON bodies: bytes that are not UTF-8 (RFC 3629, which JSON
 * requires by RFC 8259 §8.1) → 400, where decoding would silently turn them into U+FFFD.
 * The bytes are kept as `req.rawBody` (Nest's name for it): a signature over the raw body (the
 * api's Zendesk webhook) must be checked on exactly what was sent, not on re-serialized JSON.
 */
export function refuseInvalidUtf8(req: IncomingMessage, _res: unknown, body: Buffer): void {
  (req as IncomingMessage & { rawBody?: Buffer }).rawBody = body;
  if (!isWellFormedUtf8(body))
    throw Object.assign(new Error('request body is not valid UTF-8'), {
      status: 400,
      type: 'invalid-utf8',
    });
}
