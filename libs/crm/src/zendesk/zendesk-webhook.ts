import { createHmac, timingSafeEqual } from 'node:crypto';

/** What a Zendesk webhook call carries for its signature check. */
export interface ZendeskWebhookCall {
  /** `X-Zendesk-Webhook-Signature`: base64 HMAC-SHA256 of timestamp + raw body. */
  signature: string | undefined;
  /** `X-Zendesk-Webhook-Signature-Timestamp`: ISO-8601, as Zendesk sends it. */
  timestamp: string | undefined;
  /** The raw request body, byte for byte as received. */
  body: Buffer;
}

export type ZendeskWebhookCheck =
  | { ok: true }
  | { ok: false; reason: 'missing-headers' | 'bad-timestamp' | 'stale' | 'bad-signature' };

/**
 * Zendesk's webhook signature: base64(HMAC-SHA256(signing secret, timestamp + raw body)), see
 * Zendesk's "Verifying webhook authenticity". Used by the stand-in's sender and by tests.
 */
export function signZendeskWebhook(secret: string, timestamp: string, body: Buffer): string {
  return createHmac('sha256', secret)
    .update(Buffer.concat([Buffer.from(timestamp, 'utf8'), body]))
    .digest('base64');
}

/**
 * Checks a Zendesk webhook call: both headers present, the timestamp within `toleranceMs` of
 * `now` either way (a captured call cannot be replayed once the tolerance has passed), and the
 * signature (compared in constant time). Pure: returns why a call is refused, never throws.
 */
export function verifyZendeskWebhook(
  call: ZendeskWebhookCall,
  secret: string,
  now: Date,
  toleranceMs: number,
): ZendeskWebhookCheck {
  if (!call.signature || !call.timestamp) return { ok: false, reason: 'missing-headers' };
  const at = Date.parse(call.timestamp);
  if (Number.isNaN(at)) return { ok: false, reason: 'bad-timestamp' };
  if (Math.abs(now.getTime() - at) > toleranceMs) return { ok: false, reason: 'stale' };
  const expected = Buffer.from(signZendeskWebhook(secret, call.timestamp, call.body), 'utf8');
  const given = Buffer.from(call.signature, 'utf8');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, reason: 'bad-signature' };
  return { ok: true };
}
