import { z } from 'zod';
import { OutboundAllowList } from './outbound-target.guard';

/**
 * A comma-separated allow-list setting (`SLA_WEBHOOK_ALLOWED_HOSTS` of the router and the api):
 * hosts, IPs and CIDR ranges outbound calls may reach although they are not public. Parsed to
 * the trimmed entries; an entry {@link OutboundAllowList} rejects fails the config check at start.
 */
export const outboundAllowListEnv = z
  .string()
  .default('')
  .transform((v) =>
    v
      .split(',')
      .map((e) => e.trim())
      .filter(Boolean),
  )
  .superRefine((entries, ctx) => {
    try {
      new OutboundAllowList(entries);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
    }
  });
