import { z } from 'zod';
import { databaseEnv, hostEnv, kafkaEnv, logEnv, portEnv } from '@scb/config';

export const MatcherConfigSchema = z.object({
  ...databaseEnv,
  ...kafkaEnv,
  ...logEnv,
  PORT: portEnv(3002),
  ...hostEnv,
  MATCHER_GROUP_ID: z.string().min(1).default('matcher'),
  /**
   * Each batch holds one advisory lock per author until it commits: batch size × partition
   * concurrency must stay well inside Postgres' lock table (max_locks_per_transaction ×
   * max_connections, 6,400 by default), shared with everything else on that server.
   */
  MATCHER_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(500),
  MATCHER_PARTITION_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(3),
  /** How often the matcher asks Postgres for a newer rule-set version. */
  MATCHER_RULES_POLL_MS: z.coerce.number().int().min(100).max(60_000).default(2000),
  /**
   * Brand posts whose thread has no case yet are held and retried (HeldBrandPostsStep): first
   * after MATCHER_HOLD_FIRST_DELAY_MS, doubling up to MATCHER_HOLD_MAX_DELAY_MS, and after
   * MATCHER_HOLD_MAX_ATTEMPTS retries recorded as ignored (`no-case-for-thread`). The defaults
   * give a thread about five minutes to get its case.
   */
  MATCHER_HOLD_FIRST_DELAY_MS: z.coerce.number().int().min(10).max(3_600_000).default(1000),
  MATCHER_HOLD_MAX_DELAY_MS: z.coerce.number().int().min(10).max(3_600_000).default(60_000),
  MATCHER_HOLD_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(10),
  OUTBOX_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(500),
  OUTBOX_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(1000),
});

export type MatcherConfig = z.infer<typeof MatcherConfigSchema>;
