import { z } from 'zod';
import { databaseEnv, logEnv, portEnv, redisEnv } from '@scb/config';

export const ApiConfigSchema = z.object({
  ...databaseEnv,
  ...redisEnv,
  ...logEnv,
  PORT: portEnv(3000),
});

export type ApiConfig = z.infer<typeof ApiConfigSchema>;
