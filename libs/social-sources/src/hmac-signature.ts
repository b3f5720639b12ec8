import { createHmac, timingSafeEqual } from 'node:crypto';
import { systemClock } from '@scb/core';

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

/** Header names of the generic webhook's signed timestamp scheme. */
export const TIMESTAMP_HEADER = 'x-scb-timestamp';
export const SIGNATURE_HEADER = 'x-scb-signature';

/**
 * `sha256=<hex>` of `<timestamp>.<body>`: the timestamp (Unix seconds, decimal) is part of what is
 * signed, so a captured request cannot be sent again later with a fresh timestamp. The same
 * construction as Stripe's and Slack's webhook signatures.
 */
export function signTimestamped(
  secret: string,
  timestamp: number | string,
  body: Buffer | string,
): string {
  const hmac = createHmac('sha256', secret).update(`${timestamp}.`);
  return `sha256=${hmac.update(body).digest('hex')}`;
}

/** The headers a sender of the generic webhook sets; `nowMs` (Unix ms) defaults to the system clock. */
export function timestampedSignatureHeaders(
  secret: string,
  body: Buffer | string,
  nowMs: number = systemClock.now().getTime(),
): Record<string, string> {
  const timestamp = Math.floor(nowMs / 1000);
  return {
    [TIMESTAMP_HEADER]: String(timestamp),
    [SIGNATURE_HEADER]: signTimestamped(secret, timestamp, body),
  };
}

export type TimestampedVerdict =
  { ok: true } | { ok: false; reason: 'bad-signature' | 'bad-timestamp' | 'stale-timestamp' };

/**
 * Checks `signature` against `<timestamp>.<body>` and that `timestamp` (Unix seconds) is within
 * `toleranceS` of `nowMs` either way (clocks drift both ways). The signature is checked first,
 * so an unsigned timestamp tells an attacker nothing about the tolerance.
 */
export function verifyTimestamped(
  secret: string,
  body: Buffer,
  signature: string | undefined,
  timestamp: string | undefined,
  nowMs: number,
  toleranceS: number,
): TimestampedVerdict {
  if (!signature || !timestamp || !/^\d{1,12}$/.test(timestamp.trim()))
    return { ok: false, reason: signature ? 'bad-timestamp' : 'bad-signature' };
  const seconds = Number(timestamp.trim());
  const expected = Buffer.from(signTimestamped(secret, timestamp.trim(), body), 'utf8');
  const given = Buffer.from(signature.trim().toLowerCase(), 'utf8');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, reason: 'bad-signature' };
  if (Math.abs(nowMs / 1000 - seconds) > toleranceS)
    return { ok: false, reason: 'stale-timestamp' };
  return { ok: true };
}
