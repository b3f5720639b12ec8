/** A call to `POST /v1/webhooks/crm/:name`, as received. */
export interface ReceiveCrmWebhookCommand {
  /** The connector named in the path. */
  name: string;
  /** `X-Zendesk-Webhook-Signature`. */
  signature: string | undefined;
  /** `X-Zendesk-Webhook-Signature-Timestamp`. */
  timestamp: string | undefined;
  /** The raw body, byte for byte. */
  body: Buffer;
}

/**
 * What came of a call: `woken` (the connector's sync runs now), `refused` (401: unknown
 * connector, no webhook secret, missing or stale timestamp, bad signature; `reason` is for the
 * log, not for the caller) or `limited` (429 after `CRM_WEBHOOK_MAX_PER_MINUTE`).
 */
export type ReceiveCrmWebhookResult =
  | { outcome: 'woken' }
  | { outcome: 'refused'; reason: string }
  | { outcome: 'limited'; retryAfterSeconds: number };
