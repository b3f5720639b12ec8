export interface BackoffPolicy {
  /** The wait after the first failure. */
  initialMs: number;
  /** No wait is ever longer than this. */
  maxMs: number;
}

/**
 * Exponential backoff: `initialMs` after the first failure, doubling with each further one,
 * capped at `maxMs`. `attempt` counts consecutive failures from 1; 0 or less means no failure yet.
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy): number {
  if (attempt <= 0) return 0;
  // 2 ** 1023 is the largest finite power; beyond the cap the exponent no longer matters.
  const factor = 2 ** Math.min(attempt - 1, 1023);
  return Math.min(policy.maxMs, policy.initialMs * factor);
}

/** How long to wait after a 429: until the reset X announced, plus slack for clock skew; never negative. */
export function rateLimitDelay(resetAt: Date, now: number, slackMs = 1_000): number {
  return Math.max(0, resetAt.getTime() - now) + slackMs;
}
