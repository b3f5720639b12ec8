import { z } from 'zod';

/** What lands on a `*.dlq` topic: the original bytes and why they were refused. */
export const DeadLetterSchema = z.object({
  reason: z.string(),
  sourceTopic: z.string(),
  partition: z.number().int().nullable(),
  offset: z.string().nullable(),
  key: z.string().nullable(),
  payload: z.string(),
  failedAt: z.iso.datetime({ offset: true }),
});

export type DeadLetter = z.infer<typeof DeadLetterSchema>;
