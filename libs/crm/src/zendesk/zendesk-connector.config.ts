import { z } from 'zod';
import { CrmRetryPolicySchema } from '../retry/crm-retry';

/**
 * A Zendesk connector's settings. Credentials: an agent's email with an API token (`email/token`
 * basic auth) or an OAuth access token.
 */
export const ZendeskConnectorConfigSchema = z.object({
  /** `https://<subdomain>.zendesk.com/api/v2`. */
  endpointUri: z.url(),
  auth: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('api-token'), email: z.email(), token: z.string().min(1) }),
    z.object({ kind: z.literal('oauth'), accessToken: z.string().min(1) }),
  ]),
  /** The `user_fields` key holding the customer's account number, when the account has one. */
  accountNumberField: z
    .string()
    .regex(/^[a-z0-9_]{1,64}$/, 'must be a user field key (a-z, 0-9, _)')
    .nullable()
    .default(null),
  /** Ticket `status` values we write for our two statuses. */
  statusValues: z
    .object({
      open: z.enum(['new', 'open', 'pending', 'hold']),
      resolved: z.enum(['solved', 'closed']),
    })
    .default({ open: 'open', resolved: 'solved' }),
  /** Ticket `priority` for our priorities 1 (highest) to 5. */
  priorityValues: z
    .tuple([
      z.enum(['urgent', 'high', 'normal', 'low']),
      z.enum(['urgent', 'high', 'normal', 'low']),
      z.enum(['urgent', 'high', 'normal', 'low']),
      z.enum(['urgent', 'high', 'normal', 'low']),
      z.enum(['urgent', 'high', 'normal', 'low']),
    ])
    .default(['urgent', 'high', 'normal', 'low', 'low']),
  /** Tags added to tickets we open. */
  tags: z.array(z.string().regex(/^[^\s,]{1,80}$/)).default(['social-case-bridge']),
  /** Where the first change read starts, in ms before now (no cursor yet). */
  initialLookbackMs: z
    .number()
    .int()
    .min(60_000)
    .default(24 * 3_600_000),
  retry: CrmRetryPolicySchema,
});

export type ZendeskConnectorConfig = z.infer<typeof ZendeskConnectorConfigSchema>;
export type ZendeskConnectorSettings = z.input<typeof ZendeskConnectorConfigSchema>;
