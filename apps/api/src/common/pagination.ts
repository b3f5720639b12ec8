import { z } from 'zod';

/** Every list takes `limit` (1–200, default 50) and `offset`. */
export const PageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
