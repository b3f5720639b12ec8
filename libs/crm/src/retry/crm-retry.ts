import { backOff } from 'exponential-backoff';
import { z } from 'zod';
import { CrmUnavailableError } from '../domain/crm-connector.port';

/**
 * How a connector retries what the CRM could not answer now (Salesforce 503 and
 * REQUEST_LIMIT_EXCEEDED, Zendesk 429 and 503, connection errors).
 */
export interface CrmRetryPolicy {
  /** Attempts in all, the first included (at least 1). */
  attempts: number;
  /** The backoff before the second attempt, doubled each time, in ms; full jitter is applied. */
  initialDelayMs: number;
  /** No backoff is longer than this, in ms. */
  maxDelayMs: number;
  /**
   * A server's own wait (`Retry-After`) longer than this, in ms, is not slept inside the call: the
   * error goes to the caller (with `retryAfterMs`) so a sync loop can wait without holding a call open.
   */
  maxServerWaitMs: number;
}

export const DEFAULT_CRM_RETRY_POLICY: CrmRetryPolicy = {
  attempts: 5,
  initialDelayMs: 500,
  maxDelayMs: 30_000,
  maxServerWaitMs: 60_000,
};

/** `CrmRetryPolicy` in a connector's settings; every field has the default above. */
export const CrmRetryPolicySchema = z
  .object({
    attempts: z.number().int().min(1).max(20).default(DEFAULT_CRM_RETRY_POLICY.attempts),
    initialDelayMs: z.number().int().min(0).default(DEFAULT_CRM_RETRY_POLICY.initialDelayMs),
    maxDelayMs: z.number().int().min(0).default(DEFAULT_CRM_RETRY_POLICY.maxDelayMs),
    maxServerWaitMs: z.number().int().min(0).default(DEFAULT_CRM_RETRY_POLICY.maxServerWaitMs),
  })
  .default({ ...DEFAULT_CRM_RETRY_POLICY });

/** Sleeps `ms`; injected so tests can observe waits without spending them. */
export type Sleeper = (ms: number) => Promise<void>;

export const realSleep: Sleeper = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `call`, retrying only `CrmUnavailableError`s: exponential backoff with full jitter
 * (AWS's "Exponential Backoff and Jitter", through the exponential-backoff package), and when the
 * CRM said how long to wait (`retryAfterMs`, from `Retry-After`) at least that long first.
 * Anything else (a refusal, bad credentials, a bug) is thrown at once. After the last attempt the
 * last `CrmUnavailableError` is thrown.
 */
export async function withCrmRetries<T>(
  call: () => Promise<T>,
  policy: CrmRetryPolicy,
  sleep: Sleeper = realSleep,
  onRetry: (error: CrmUnavailableError, attempt: number) => void = () => undefined,
): Promise<T> {
  return backOff(call, {
    numOfAttempts: Math.max(1, policy.attempts),
    startingDelay: policy.initialDelayMs,
    maxDelay: policy.maxDelayMs,
    timeMultiple: 2,
    jitter: 'full',
    retry: async (error: unknown, attempt: number) => {
      if (!(error instanceof CrmUnavailableError)) return false;
      if (error.retryAfterMs !== null) {
        if (error.retryAfterMs > policy.maxServerWaitMs) return false;
        await sleep(error.retryAfterMs);
      }
      onRetry(error, attempt);
      return true;
    },
  });
}
