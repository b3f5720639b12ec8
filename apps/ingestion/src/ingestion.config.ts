import { z } from 'zod';
import { databaseEnv, kafkaEnv, logEnv, portEnv, redisEnv } from '@scb/config';

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

const list = (separator: string) =>
  z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(separator)
        .map((item) => item.trim())
        .filter(Boolean),
    );

/** `1234567:SpotifyCares,89101:AppleSupport`: the accounts whose mention timelines we poll. */
const xAccounts = z
  .string()
  .default('')
  .refine(
    (v) => v.trim() === '' || /^\d+(:\w{1,15})?(,\d+(:\w{1,15})?)*$/.test(v.replace(/\s/g, '')),
    'must be userId[:handle][,userId[:handle]...]',
  )
  .transform((v) =>
    v
      .replace(/\s/g, '')
      .split(',')
      .filter(Boolean)
      .map((pair) => {
        const [id, handle] = pair.split(':');
        return { id, handle: handle ?? null };
      }),
  );

export const IngestionConfigSchema = z
  .object({
    ...databaseEnv,
    ...kafkaEnv,
    ...redisEnv,
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
    /** How long a published `platform:externalId` is remembered (Redis); 0 turns dedup off. */
    INGESTION_DEDUP_WINDOW_S: z.coerce
      .number()
      .int()
      .min(0)
      .max(30 * 86_400)
      .default(86_400),
    WEBHOOK_MAX_ITEMS: z.coerce.number().int().min(1).max(10_000).default(500),
    /** The X API v2 prefix; tests point it at a local fake. */
    X_API_BASE_URL: z.url({ protocol: /^https?$/ }).default('https://api.x.com/2/'),
    X_BEARER_TOKEN: optionalSecret(16),
    X_MENTIONS_ACCOUNTS: xAccounts,
    /** Recent-search queries, separated by `;`. */
    X_SEARCH_QUERIES: list(';'),
    X_POLL_INTERVAL_MS: z.coerce.number().int().min(100).max(3_600_000).default(60_000),
    X_PAGE_SIZE: z.coerce.number().int().min(5).max(100).default(100),
    X_PUBLISH_CHUNK: z.coerce.number().int().min(1).max(1_000).default(100),
  })
  .superRefine((config, ctx) => {
    const polling = config.X_MENTIONS_ACCOUNTS.length + config.X_SEARCH_QUERIES.length > 0;
    if (polling && !config.X_BEARER_TOKEN)
      ctx.addIssue({
        code: 'custom',
        path: ['X_BEARER_TOKEN'],
        message: 'required when X_MENTIONS_ACCOUNTS or X_SEARCH_QUERIES is set',
      });
  });

export type IngestionConfig = z.infer<typeof IngestionConfigSchema>;
