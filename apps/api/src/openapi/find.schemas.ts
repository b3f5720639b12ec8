import { z } from 'zod';

/**
 * Wire schemas of the find and notes routes (issue 12 points 7 and 9), dates as ISO-8601
 * strings: every field clients read is required with its type (see success.schemas.ts).
 */
const at = z.iso.datetime({ offset: true });
const uuid = z.uuid();
const count = z.number().int().min(0);

export const TimelineEntrySchema = z.object({
  kind: z.enum(['phone', 'mention', 'reply', 'note', 'context']),
  id: z.string(),
  at,
  platform: z.string(),
  direction: z.enum(['inbound', 'outbound', 'internal']),
  author: z.string().nullable(),
  text: z.string(),
  detail: z.string().nullable(),
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

const CustomerIdentity = z.object({
  kind: z.string(),
  value: z.string(),
  platform: z.string().nullable(),
  externalId: z.string().nullable(),
  handle: z.string().nullable(),
  trust: z.string(),
  source: z.string(),
  evidence: z.unknown(),
  since: at,
});

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
