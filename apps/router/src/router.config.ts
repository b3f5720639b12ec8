import { z } from 'zod';
import {
  databaseEnv,
  hostEnv,
  kafkaEnv,
  logEnv,
  portEnv,
  redisEnv,
  retentionBounds,
  retentionEnv,
} from '@scb/config';
import { outboundAllowListEnv } from '@scb/work-queues';

export const RouterConfigSchema = z
  .object({
    ...databaseEnv,
    ...kafkaEnv,
    ...redisEnv,
    ...logEnv,
    PORT: portEnv(3003),
    ...hostEnv,
    ROUTER_GROUP_ID: z.string().min(1).default('router'),
    ROUTER_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(500),
    ROUTER_PARTITION_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(3),
    /** How often BullMQ is checked against the waiting work in Postgres and repaired; 0 = never. */
    ROUTER_MIRROR_REPAIR_INTERVAL_MS: z.coerce
      .number()
      .int()
      .min(0)
      .max(86_400_000)
      .default(60_000),
    /**
     * HMAC key for `X-SCB-Signature-256` on supervisor SLA webhooks. Every webhook is signed: while
     * unset, none is sent (each fails with the reason; in-app notifications still work).
     */
    SLA_WEBHOOK_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
    /**
     * Hosts, IPs and CIDR ranges (comma-separated) SLA webhooks may reach although they are not
     * public (loopback, private, link-local, unique-local); empty: public addresses only.
     */
    SLA_WEBHOOK_ALLOWED_HOSTS: outboundAllowListEnv,
    SLA_WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5_000),
    /** Pruning of published outbox rows and old processed-event ids (the router runs it). */
    ...retentionEnv,
  })
  .superRefine(retentionBounds);

export type RouterConfig = z.infer<typeof RouterConfigSchema>;
