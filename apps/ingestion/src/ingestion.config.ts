import { z } from 'zod';
import { kafkaEnv, logEnv, portEnv } from '@scb/config';

/** Unset or blank means "not configured": the endpoint that needs it answers 503 and says so. */
const optionalSecret = (minLength: number) =>
  z
    .string()
    .optional()
    .transform((v) => (v?.trim() ? v : undefined))
    .refine(
      (v) => v === undefined || v.length >= minLength,
      `must be at least ${minLength} characters when set`,
    );

export const IngestionConfigSchema = z.object({
  ...kafkaEnv,
  ...logEnv,
  PORT: portEnv(3001),
  REPLAY_CHUNK_SIZE: z.coerce.number().int().min(1).max(10_000).default(500),
  /** Shared secret of the generic webhook's `X-SCB-Signature: sha256=<hex>`. */
  WEBHOOK_SECRET: optionalSecret(16),
  /** The Meta app secret: `X-Hub-Signature-256` is the HMAC-SHA256 of the body with it. */
  META_APP_SECRET: optionalSecret(16),
  /** What we told Meta to send as `hub.verify_token` when subscribing the callback URL. */
  META_VERIFY_TOKEN: optionalSecret(8),
  /** Request bodies above this many bytes get 413 (every webhook). */
  WEBHOOK_MAX_BYTES: z.coerce.number().int().min(1_024).max(50_000_000).default(1_000_000),
  WEBHOOK_MAX_ITEMS: z.coerce.number().int().min(1).max(10_000).default(500),
});

export type IngestionConfig = z.infer<typeof IngestionConfigSchema>;
