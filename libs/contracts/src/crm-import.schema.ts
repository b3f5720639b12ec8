import { z } from 'zod';
import { PLATFORMS } from './social-mention.schema';
import { PrioritySchema } from './case-event.schema';

const crmId = z.string().trim().min(1).max(128);

/** One customer as the CRM knows it; re-importing the same CRM ids updates, never duplicates. */
export const CrmCustomerSchema = z.object({
  crmId,
  displayName: z.string().max(256).nullable().default(null),
  tier: z.string().trim().min(1).max(64).default('standard'),
  identities: z
    .array(
      z
        .object({
          platform: z.enum(PLATFORMS),
          /** The platform's user id; null when the CRM knows only the handle (learnt on first sight). */
          externalUserId: crmId.nullable().default(null),
          handle: z.string().max(256).nullable().default(null),
        })
        .refine((i) => i.externalUserId !== null || (i.handle ?? '').replace(/^@/, '').trim(), {
          path: ['externalUserId'],
          message: 'an identity needs externalUserId or a handle',
        }),
    )
    .max(100)
    .default([]),
  identifiers: z
    .array(
      z.object({ kind: z.enum(['email', 'phone', 'account']), value: z.string().min(1).max(256) }),
    )
    .max(100)
    .default([]),
  cases: z
    .array(
      z.object({
        crmCaseId: crmId,
        status: z.enum(['open', 'resolved']).default('open'),
        category: z.string().max(128).nullable().default(null),
        priority: PrioritySchema.default(3),
        resolvedAt: z.iso.datetime({ offset: true }).nullable().default(null),
      }),
    )
    .max(1000)
    .default([]),
});

export const CrmImportSchema = z.object({
  customers: z.array(CrmCustomerSchema).min(1).max(10_000),
});

export type CrmCustomer = z.infer<typeof CrmCustomerSchema>;
export type CrmImport = z.infer<typeof CrmImportSchema>;
