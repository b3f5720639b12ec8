import { z } from 'zod';
import { databaseEnv, hostEnv, kafkaEnv, logEnv, portEnv, redisEnv } from '@scb/config';
import { X_STREAM_RULE_MAX_LENGTH } from '@scb/social-sources';

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

/** Comma-separated numeric platform ids (X user ids, Facebook page ids, Instagram account ids). */
const idList = z
  .string()
  .default('')
  .refine(
    (v) => v.trim() === '' || /^\d{1,20}(,\d{1,20})*$/.test(v.replace(/\s/g, '')),
    'must be numeric ids separated by commas',
  )
  .transform((v) => v.replace(/\s/g, '').split(',').filter(Boolean));

const flag = z
  .enum(['true', 'false', '1', '0', ''])
  .default('false')
  .transform((v) => v === 'true' || v === '1');

export const IngestionConfigSchema = z
  .object({
    ...databaseEnv,
    ...kafkaEnv,
    ...redisEnv,
    ...logEnv,
    PORT: portEnv(3001),
    ...hostEnv,
    REPLAY_CHUNK_SIZE: z.coerce.number().int().min(1).max(10_000).default(500),
    /** Shared secret of the generic webhook's `X-SCB-Signature` (see docs/ingestion.md). */
    WEBHOOK_SECRET: optionalSecret(16),
    /** How far the signed `X-SCB-Timestamp` may be from the server's clock, in seconds. */
    WEBHOOK_TIMESTAMP_TOLERANCE_S: z.coerce.number().int().min(10).max(3_600).default(300),
    /**
     * Transition only: also accept the old signature of the body alone (no `X-SCB-Timestamp`),
     * which a captured request can replay. Turn off once every sender signs the timestamp.
     */
    WEBHOOK_ACCEPT_UNTIMESTAMPED: flag,
    /**
     * Bearer token for the operator endpoints (`GET /v1/sources`, `/v1/sources/metrics`); unset,
     * they answer 503. At least 24 characters.
     */
    INGESTION_OPERATOR_TOKEN: optionalSecret(24),
    /** The Meta app secret: `X-Hub-Signature-256` is the HMAC-SHA256 of the body with it. */
    META_APP_SECRET: optionalSecret(16),
    /** What we told Meta to send as `hub.verify_token` when subscribing the callback URL. */
    META_VERIFY_TOKEN: optionalSecret(8),
    /**
     * A token that may read the Instagram business account's mentions (instagram_manage_comments):
     * with it, Instagram `mentions` events are fetched through the Graph API (META_GRAPH_URL) and
     * published; without it they are counted as ignored (`field mentions`).
     */
    META_GRAPH_ACCESS_TOKEN: optionalSecret(8),
    META_GRAPH_URL: z.url().default('https://graph.facebook.com/v21.0/'),
    /** Tries per mention (first included) and the first backoff wait (doubling) before dead-lettering. */
    META_MENTION_FETCH_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(3),
    META_MENTION_FETCH_DELAY_MS: z.coerce.number().int().min(0).max(60_000).default(500),
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
    /** App-only bearer token: recent search and the filtered stream (which accepts only this). */
    X_BEARER_TOKEN: optionalSecret(16),
    /**
     * OAuth 2 user-context access token of the brand account: when set, the mention timelines
     * are read with it (per-user rate limits; X_BEARER_TOKEN is then optional for them).
     */
    X_USER_ACCESS_TOKEN: optionalSecret(16),
    X_MENTIONS_ACCOUNTS: xAccounts,
    /** Recent-search queries, separated by `;`. */
    X_SEARCH_QUERIES: list(';'),
    /**
     * The brand's own X user ids (besides those in X_MENTIONS_ACCOUNTS): their posts are
     * outbound, never a customer or a case.
     */
    X_BRAND_USER_IDS: idList,
    /** The brand's Facebook page ids and Instagram business account ids (besides the entry's). */
    META_BRAND_ACCOUNT_IDS: idList,
    /**
     * How often `brand_accounts` (config plus accounts learnt from the api's replies) is reloaded
     * into the brand ids above; needs Postgres (configured with X polling).
     */
    BRAND_ACCOUNTS_REFRESH_MS: z.coerce.number().int().min(100).max(3_600_000).default(60_000),
    /** How far below `since_id` each poll reads again, for posts X indexes late (0 = off). */
    X_POLL_OVERLAP_MS: z.coerce.number().int().min(0).max(86_400_000).default(60_000),
    /** Posts each poller may read per calendar month (X bills per post); unset = no limit. */
    X_MONTHLY_READ_BUDGET: z.coerce.number().int().min(1).optional(),
    X_POLL_INTERVAL_MS: z.coerce.number().int().min(100).max(3_600_000).default(60_000),
    X_PAGE_SIZE: z.coerce.number().int().min(5).max(100).default(100),
    X_PUBLISH_CHUNK: z.coerce.number().int().min(1).max(1_000).default(100),
    /** The filtered stream (`/2/tweets/search/stream`), with rules from the handles and keywords. */
    X_STREAM_ENABLED: flag,
    /** Brand handles the stream follows; by default the handles in X_MENTIONS_ACCOUNTS. */
    X_STREAM_HANDLES: list(',').refine(
      (handles) => handles.every((h) => /^\w{1,15}$/.test(h)),
      'must be handles without @ (letters, digits, _; at most 15), separated by ","',
    ),
    /** Keyword rules in X's rule syntax, separated by `;`. */
    X_STREAM_KEYWORDS: list(';').refine(
      (rules) => rules.every((r) => r.length <= X_STREAM_RULE_MAX_LENGTH),
      `each rule must be at most ${X_STREAM_RULE_MAX_LENGTH} characters`,
    ),
    /**
     * Nominal first reconnect wait after a drop; doubles up to X_STREAM_MAX_BACKOFF_MS (X's
     * guidance); each wait is jittered down to as little as half the nominal one.
     */
    X_STREAM_BACKOFF_MS: z.coerce.number().int().min(10).max(600_000).default(5_000),
    X_STREAM_MAX_BACKOFF_MS: z.coerce.number().int().min(10).max(3_600_000).default(320_000),
    /** No post and no keep-alive for this long counts as a dropped connection. */
    X_STREAM_STALL_MS: z.coerce.number().int().min(1_000).max(600_000).default(90_000),
    /** Streamed posts waiting for Kafka beyond this pause the stream (polling recovers the gap). */
    X_STREAM_MAX_PENDING: z.coerce.number().int().min(10).max(1_000_000).default(10_000),
    /**
     * Kafka send retries before a publish fails (and a webhook answers 503, a source backs off):
     * bounded so a webhook sender hears back within seconds instead of timing out.
     */
    INGESTION_KAFKA_RETRIES: z.coerce.number().int().min(1).max(100).default(5),
    /** How often every source's counters are logged; 0 logs errors and state changes only. */
    SOURCE_METRICS_LOG_MS: z.coerce.number().int().min(0).max(86_400_000).default(60_000),
  })
  .superRefine((config, ctx) => {
    const appOnly = config.X_SEARCH_QUERIES.length > 0;
    const mentions = config.X_MENTIONS_ACCOUNTS.length > 0;
    if (!config.X_BEARER_TOKEN && (appOnly || (mentions && !config.X_USER_ACCESS_TOKEN)))
      ctx.addIssue({
        code: 'custom',
        path: ['X_BEARER_TOKEN'],
        message: appOnly
          ? 'required when X_SEARCH_QUERIES is set'
          : 'required when X_MENTIONS_ACCOUNTS or X_SEARCH_QUERIES is set (or X_USER_ACCESS_TOKEN for mentions)',
      });
    if (!config.X_STREAM_ENABLED) return;
    if (!config.X_BEARER_TOKEN)
      ctx.addIssue({
        code: 'custom',
        path: ['X_BEARER_TOKEN'],
        message: 'required when X_STREAM_ENABLED is true',
      });
    if (streamHandles(config).length + config.X_STREAM_KEYWORDS.length === 0)
      ctx.addIssue({
        code: 'custom',
        path: ['X_STREAM_ENABLED'],
        message:
          'the stream needs rules: set X_STREAM_HANDLES, X_STREAM_KEYWORDS or handles in X_MENTIONS_ACCOUNTS',
      });
    if (config.X_STREAM_BACKOFF_MS > config.X_STREAM_MAX_BACKOFF_MS)
      ctx.addIssue({
        code: 'custom',
        path: ['X_STREAM_BACKOFF_MS'],
        message: 'must not exceed X_STREAM_MAX_BACKOFF_MS',
      });
  });

/** The handles the stream follows: as configured, else those named in X_MENTIONS_ACCOUNTS. */
export function streamHandles(config: {
  X_STREAM_HANDLES: string[];
  X_MENTIONS_ACCOUNTS: Array<{ handle: string | null }>;
}): string[] {
  if (config.X_STREAM_HANDLES.length > 0) return config.X_STREAM_HANDLES;
  return config.X_MENTIONS_ACCOUNTS.flatMap((a) => (a.handle ? [a.handle] : []));
}

export type IngestionConfig = z.infer<typeof IngestionConfigSchema>;
