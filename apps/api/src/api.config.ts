import { z } from 'zod';
import { databaseEnv, logEnv, portEnv, redisEnv } from '@scb/config';

export const ApiConfigSchema = z.object({
  ...databaseEnv,
  ...redisEnv,
  ...logEnv,
  PORT: portEnv(3000),
  /** An agent silent for longer than this gets their unaccepted work taken back. */
  AGENT_HEARTBEAT_TIMEOUT_S: z.coerce.number().int().min(5).max(3_600).default(90),
  AGENT_SWEEP_INTERVAL_MS: z.coerce.number().int().min(100).max(600_000).default(5_000),
});

export type ApiConfig = z.infer<typeof ApiConfigSchema>;
