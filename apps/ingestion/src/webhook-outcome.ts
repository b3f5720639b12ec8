import { PROBLEM_JSON, problem, ProblemException, type ProblemDetails } from '@scb/platform';
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

/**
 * The body of an outcome the handler answers with its declared `@HttpCode` (`expected`); a
 * refusal is thrown as a `ProblemException`, which the problem+json filter sends as it is.
 * Throws (a bug: a 500) for any other status, so a handler never answers with the wrong one.
 */
export function answer(outcome: WebhookOutcome, expected: number): unknown {
  if (outcome.contentType === PROBLEM_JSON)
    throw new ProblemException(outcome.body as ProblemDetails);
  if (outcome.status !== expected)
    throw new Error(`webhook outcome ${outcome.status} where the route answers ${expected}`);
  return outcome.body;
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
