import { createHmac, timingSafeEqual } from 'node:crypto';

/** `sha256=<hex>` of the body: what the generic webhook and Meta's `X-Hub-Signature-256` carry. */
export function signSha256(secret: string, body: Buffer | string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/**
 * True when `header` is the HMAC-SHA256 of exactly these bytes. The comparison takes the same time
 * wherever the first difference is, so an attacker cannot learn the signature byte by byte.
 */
export function hasValidSha256Signature(
  secret: string,
  body: Buffer,
  header: string | undefined,
): boolean {
  if (!header) return false;
  const expected = Buffer.from(signSha256(secret, body), 'utf8');
  const given = Buffer.from(header.trim().toLowerCase(), 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
