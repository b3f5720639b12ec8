import { z } from 'zod';
import { kafkaEnv, logEnv, portEnv } from '@scb/config';

export const IngestionConfigSchema = z.object({
  ...kafkaEnv,
  ...logEnv,
  PORT: portEnv(3001),
  REPLAY_CHUNK_SIZE: z.coerce.number().int().min(1).max(10_000).default(500),
});

export type IngestionConfig = z.infer<typeof IngestionConfigSchema>;
