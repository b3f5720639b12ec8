import { z } from 'zod';

/**
 * Wire schemas of the find and notes routes (issue 12 points 7 and 9), dates as ISO-8601
 * strings: every field clients read is required with its type (see success.schemas.ts).
 */
const at = z.iso.datetime({ offset: true });
const uuid = z.uuid();
const count = z.number().int().min(0);

export const TimelineEntrySchema = z.object({
  kind: z.enum(['phone', 'mention', 'reply', 'note', 'event', 'context']),
  id: z.string(),
  at,
  platform: z.string(),
  direction: z.enum(['inbound', 'outbound', 'internal']),
  author: z.string().nullable(),
  text: z.string(),
  detail: z.string().nullable(),
  authorTrust: z
    .enum(['proven', 'claimed'])
    .nullable()
    .optional()
    .describe("customers' posts: claimed = unverified author, see claimEvidence"),
  claimEvidence: z.unknown().optional(),
});

export const CaseNoteSchema = z.object({
  id: uuid,
  caseId: uuid,
  caseNumber: z.string(),
  body: z.string(),
  author: z.object({ kind: z.enum(['user', 'api_key']), id: z.string(), name: z.string() }),
  agentId: uuid.nullable(),
  createdAt: at,
});

/** One identity of the customer's identity graph (docs/identity.md). */
export const CustomerIdentitySchema = z.object({
  id: uuid.nullable().describe('null for the CRM id (not confirmable)'),
  kind: z
    .string()
    .describe('x, facebook, instagram (platform accounts), phone, email, account, order, crm-id'),
  value: z.string(),
  platform: z.string().nullable(),
  externalId: z.string().nullable(),
  handle: z.string().nullable(),
  trust: z.enum(['proven', 'claimed']).describe('claimed: an unverified link, see evidence'),
  source: z.string().describe('platform, crm, phone-network, matcher or agent'),
  link: z.string().nullable().describe('platform accounts: observed, inferred or imported'),
  evidence: z.unknown(),
  since: at,
  learntAt: at,
});
const CustomerIdentity = CustomerIdentitySchema;

const CustomerFields = {
  id: uuid,
  displayName: z.string().nullable(),
  tier: z.string(),
  crmId: z.string().nullable(),
  persona: z.boolean(),
  erased: z.boolean(),
  identities: z.array(CustomerIdentity),
  lastActivityAt: at.nullable(),
};

export const CustomerItemSchema = z.object({
  ...CustomerFields,
  cases: z.object({ open: count, total: count }),
});

export const CustomerProfileSchema = z.object({
  ...CustomerFields,
  createdAt: at,
  mergedInto: uuid.nullable(),
  cases: z.array(
    z.object({
      id: uuid,
      caseNumber: z.string(),
      status: z.string(),
      originChannel: z.string(),
      priority: z.number().int(),
      category: z.string().nullable(),
      openedAt: at,
      lastActivityAt: at,
      resolvedAt: at.nullable(),
      workItem: z
        .object({ id: uuid, queue: z.string(), status: z.string(), agentId: uuid.nullable() })
        .nullable(),
    }),
  ),
  timeline: z.array(TimelineEntrySchema.extend({ caseId: uuid, caseNumber: z.string() })),
  timelineTruncated: z.boolean(),
});

/** `POST /v1/customers/:id/identities/:identityId/confirm|detach` (docs/identity.md). */
export const IdentityDecisionSchema = z.object({
  decision: z.enum(['confirm', 'detach']),
  identity: z.object({
    id: uuid,
    customerId: uuid,
    store: z.enum(['account', 'identifier']),
    kind: z.string(),
    value: z.string(),
    handle: z.string().nullable(),
    trust: z.enum(['proven', 'claimed']),
    source: z.string(),
    evidence: z.unknown(),
    learntAt: at,
  }),
  detached: z
    .object({
      personaId: uuid,
      case: z
        .object({
          id: uuid,
          caseNumber: z.string(),
          priority: z.number().int(),
          category: z.string().nullable(),
        })
        .nullable(),
      movedInteractions: count,
      workItemId: uuid.nullable(),
    })
    .nullable(),
});

/** `POST /v1/customers/:id/identities`. */
export const IdentityAddedSchema = z.object({
  identity: IdentityDecisionSchema.shape.identity,
  created: z.boolean(),
});

/** `GET|PUT /v1/admin/identity-policy`. */
export const IdentityPolicySchema = z.object({
  autoConfirm: z.array(z.string()),
  updatedAt: at.nullable(),
});
