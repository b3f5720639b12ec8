import { resolve } from 'node:path';
import { z } from 'zod';
import { passwordWeakness } from '@scb/auth';
import { databaseEnv, hostEnv, logEnv, portEnv, redisEnv } from '@scb/config';
import { outboundAllowListEnv } from '@scb/work-queues';

const flag = z
  .enum(['true', 'false', '1', '0'])
  .default('false')
  .transform((v) => v === 'true' || v === '1');

export const ApiConfigSchema = z
  .object({
    ...databaseEnv,
    ...redisEnv,
    ...logEnv,
    PORT: portEnv(3000),
    ...hostEnv,
    /**
     * `GET /metrics` (Prometheus) listens here, not on PORT: the main port faces users and the
     * console, this one only the cluster's scraper (0: any free port).
     */
    METRICS_PORT: portEnv(9464),
    /** An agent silent for longer than this gets their unaccepted work taken back. */
    AGENT_HEARTBEAT_TIMEOUT_S: z.coerce.number().int().min(5).max(3_600).default(90),
    X_API_BASE_URL: z.url().default('https://api.x.com/2/'),
    /** OAuth 2.0 user-context token of the brand account; without it replies to X are refused. */
    X_USER_ACCESS_TOKEN: z.string().min(1).optional(),
    META_GRAPH_URL: z.url().default('https://graph.facebook.com/v21.0/'),
    /** Page access token for replies on Facebook and Instagram; without it they are refused. */
    META_PAGE_ACCESS_TOKEN: z.string().min(1).optional(),
    AGENT_SWEEP_INTERVAL_MS: z.coerce.number().int().min(100).max(600_000).default(5_000),
    /**
     * How long a credential (API key, session) found valid is trusted without looking it up
     * again, in ms (0: looked up on every request). A key revoked or a user changed through
     * another api instance or outside the api is refused within this long; through this one at
     * once. Off by default: disabling a user or revoking a key then takes effect at once on every
     * instance (docs/security.md); an operator may trade a bound of a few seconds for about 10%
     * less api CPU per request (docs/performance.md, perf-next).
     */
    AUTH_CACHE_TTL_MS: z.coerce.number().int().min(0).max(60_000).default(0),
    /** How long a console sign-in lasts (default 8 hours). */
    SESSION_TTL_S: z.coerce.number().int().min(60).max(2_592_000).default(28_800),
    /** Mark the session cookie Secure: set it whenever the api is reached over HTTPS. */
    AUTH_COOKIE_SECURE: flag,
    /**
     * Behind one reverse proxy: take the client address from its X-Forwarded-For (the sign-in
     * throttle counts failures per address). Off, the header is ignored, as anyone can forge it.
     */
    TRUST_PROXY: flag,
    /**
     * Origins besides the api's own from which the console may send state-changing requests
     * with its cookie (comma-separated, e.g. a proxy's `https://care.example.com`).
     */
    TRUSTED_ORIGINS: z
      .string()
      .default('')
      .transform((list) =>
        list
          .split(',')
          .map((o) => o.trim())
          .filter((o) => o.length > 0),
      )
      .pipe(z.array(z.url({ protocol: /^https?$/, error: 'must be http(s) origins' }))),
    /** `Strict-Transport-Security` max-age in seconds once served over HTTPS; 0 sends none. */
    HSTS_MAX_AGE_S: z.coerce.number().int().min(0).max(63_072_000).default(0),
    /**
     * Hosts, IPs and CIDR ranges (comma-separated) a queue's SLA webhook (`escalation.notify`)
     * may name although they are not public (loopback, private, link-local, unique-local), as
     * the router's setting of the same name; empty: public addresses only. Checked on save.
     */
    SLA_WEBHOOK_ALLOWED_HOSTS: outboundAllowListEnv,
    /**
     * How long validating and compiling a rule set (dry-run, publish) may take in its worker
     * thread before the set is refused with 422 `rule_set_too_costly` (issue #14.3).
     */
    RULE_CHECK_BUDGET_MS: z.coerce.number().int().min(1).max(120_000).default(15_000),
    /** The first admin, created at start when absent (both or neither). */
    BOOTSTRAP_ADMIN_EMAIL: z.email().optional(),
    BOOTSTRAP_ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
    /** The built web console (vite build); relative to the working directory. */
    CONSOLE_DIR: z
      .string()
      .min(1)
      .default('dist/console')
      .transform((dir) => resolve(dir)),
    /** How often the live feed (SSE) reads new mentions and queue depths while someone listens. */
    LIVE_POLL_MS: z.coerce.number().int().min(100).max(60_000).default(1_000),
    LIVE_HEARTBEAT_MS: z.coerce.number().int().min(1_000).max(120_000).default(15_000),
    /**
     * The AES-256-GCM key of CRM connector credentials at rest: 32 bytes, base64 (`openssl rand
     * -base64 32`). Without it CRM connectors can be neither saved nor run. Never logged.
     */
    CRM_CREDENTIALS_KEY: z
      .string()
      .optional()
      .superRefine((value, ctx) => {
        if (value === undefined) return;
        const key = Buffer.from(value, 'base64');
        if (key.length !== 32 || key.toString('base64') !== value.trim())
          ctx.addIssue({
            code: 'custom',
            message: 'must be 32 bytes, base64-encoded (openssl rand -base64 32)',
          });
      }),
    /** How often each running CRM connector gets a sync pass (changes in, posts and cases out). */
    CRM_SYNC_INTERVAL_MS: z.coerce.number().int().min(100).max(600_000).default(5_000),
    /** Cases, comments and statuses each outbound step of a pass sends at most. */
    CRM_SYNC_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(200),
    /** The longest wait after failed passes (exponential from the interval, or the CRM's Retry-After). */
    CRM_SYNC_MAX_BACKOFF_MS: z.coerce.number().int().min(100).max(3_600_000).default(300_000),
    /** Full sync: CRM pages (customers, then cases) read per pass. */
    CRM_FULL_SYNC_PAGES_PER_PASS: z.coerce.number().int().min(1).max(1_000).default(5),
    /** Full sync: cases closed in the CRM within this many days are imported too. */
    CRM_FULL_SYNC_CLOSED_SINCE_DAYS: z.coerce.number().int().min(0).max(3_650).default(30),
    /**
     * The outbound look-ups re-read this far behind their watermark: longer than any transaction
     * writing cases, posts or notes, plus clock skew between the api hosts and Postgres.
     */
    CRM_OUTBOUND_OVERLAP_MS: z.coerce.number().int().min(0).max(86_400_000).default(600_000),
    /** Zendesk webhooks: a call whose signature timestamp is further than this from now is refused. */
    CRM_WEBHOOK_TOLERANCE_S: z.coerce.number().int().min(10).max(3_600).default(300),
    /** Zendesk webhooks: calls accepted per connector per minute by one api process (then 429). */
    CRM_WEBHOOK_MAX_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(120),
  })
  .refine(
    (c) => (c.BOOTSTRAP_ADMIN_EMAIL === undefined) === (c.BOOTSTRAP_ADMIN_PASSWORD === undefined),
    {
      message: 'set both BOOTSTRAP_ADMIN_EMAIL and BOOTSTRAP_ADMIN_PASSWORD, or neither',
      path: ['BOOTSTRAP_ADMIN_PASSWORD'],
    },
  )
  .superRefine((c, ctx) => {
    // The first admin's password meets the same strength rule as every other user's.
    if (c.BOOTSTRAP_ADMIN_PASSWORD === undefined || c.BOOTSTRAP_ADMIN_PASSWORD.length < 12) return;
    const weakness = passwordWeakness(c.BOOTSTRAP_ADMIN_PASSWORD, [c.BOOTSTRAP_ADMIN_EMAIL ?? '']);
    if (weakness)
      ctx.addIssue({ code: 'custom', path: ['BOOTSTRAP_ADMIN_PASSWORD'], message: weakness });
  });

export type ApiConfig = z.infer<typeof ApiConfigSchema>;
