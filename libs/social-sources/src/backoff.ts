import { halfJitterGenerator } from 'cockatiel';

export interface BackoffPolicy {
  /** The wait after the first failure. */
  initialMs: number;
  /** No wait is ever longer than this. */
  maxMs: number;
}

/**
 * Exponential backoff with jitter: the nominal wait is `initialMs` after the first failure,
 * doubling with each further one, capped at `maxMs`; the wait returned is drawn at random from
 * [nominal / 2, nominal) ("equal jitter", AWS's "Exponential Backoff and Jitter", computed by
 * cockatiel's `halfJitterGenerator`), so many sources failing together do not retry in lockstep,
 * and none retries sooner than half its nominal wait. `attempt` counts consecutive failures from
 * 1; 0 or less means no failure yet (no wait). Result in ms, a whole number.
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy): number {
  if (attempt <= 0) return 0;
  // Beyond 2 ** 1023 the power is not finite; past the cap the exponent no longer matters.
  const [delay] = halfJitterGenerator(Math.min(attempt - 1, 1023), {
    generator: halfJitterGenerator,
    initialDelay: policy.initialMs,
    maxDelay: policy.maxMs,
    exponent: 2,
  });
  return delay;
}

/** How long to wait after a 429: until the reset X announced, plus slack for clock skew; never negative. */
export function rateLimitDelay(resetAt: Date, now: number, slackMs = 1_000): number {
  return Math.max(0, resetAt.getTime() - now) + slackMs;
}
