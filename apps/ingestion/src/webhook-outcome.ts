import { hasValidSha256Signature } from '@scb/social-sources';

/** What a webhook intake decided, for the controller to send as it is. */
export interface WebhookOutcome {
  status: number;
  body: unknown;
  /** Defaults to JSON; Meta's verification handshake wants the bare challenge. */
  contentType?: string;
}

export const refused = (status: number, message: string): WebhookOutcome => ({
  status,
  body: { statusCode: status, message },
});

/**
 * The gate every signed webhook starts with: 503 when its secret is not configured (the endpoint
 * is off, and says which variable turns it on), 401 when the signature does not match the bytes.
 */
export function signatureRefusal(
  gate: { secret: string | undefined; variable: string; header: string },
  body: Buffer,
  signature: string | undefined,
): WebhookOutcome | null {
  if (!gate.secret) return refused(503, `webhook disabled: ${gate.variable} is not configured`);
  if (!hasValidSha256Signature(gate.secret, body, signature))
    return refused(401, `missing or wrong ${gate.header} (sha256=<hex HMAC of the raw body>)`);
  return null;
}
