import type { Response } from 'express';
import { PROBLEM_JSON, problem } from '@scb/platform';
import { hasValidSha256Signature } from '@scb/social-sources';

/** What a webhook intake decided, for the controller to send as it is. */
export interface WebhookOutcome {
  status: number;
  body: unknown;
  /** Defaults to JSON; Meta's verification handshake wants the bare challenge. */
  contentType?: string;
}

/**
 * A refusal as RFC 9457 problem+json: `detail` (and `message`, as before) say why; `extensions`
 * carry what a sender needs to fix it (field errors, per-item results).
 */
export const refused = (
  status: number,
  message: string,
  extensions: Record<string, unknown> = {},
  slug?: string,
): WebhookOutcome => ({
  status,
  body: problem(status, message, extensions, slug),
  contentType: PROBLEM_JSON,
});

/** Sends an outcome as it is: JSON, problem+json, or the bare text Meta's handshake expects. */
export function sendOutcome(res: Response, outcome: WebhookOutcome): void {
  res.status(outcome.status);
  if (outcome.contentType === PROBLEM_JSON) res.type(PROBLEM_JSON).json(outcome.body);
  else if (outcome.contentType) res.type(outcome.contentType).send(outcome.body);
  else res.json(outcome.body);
}

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
