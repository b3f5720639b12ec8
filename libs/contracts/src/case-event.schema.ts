import { z } from 'zod';
import { PLATFORMS } from './social-mention.schema';

export const CHANNELS = ['social', 'phone'] as const;
export type Channel = (typeof CHANNELS)[number];

/** 1 is the most urgent; the same scale drives BullMQ priorities for phone and social work. */
export const PrioritySchema = z.number().int().min(1).max(5);
export const CASE_NUMBER_PATTERN = /^CS-\d{6,}$/;

const base = {
  schemaVersion: z.literal(1).default(1),
  eventId: z.uuid(),
  occurredAt: z.iso.datetime({ offset: true }),
  caseId: z.uuid(),
  caseNumber: z.string().regex(CASE_NUMBER_PATTERN),
  customerId: z.uuid(),
  channel: z.enum(CHANNELS),
  priority: PrioritySchema,
  category: z.string().max(128).nullable().default(null),
  interactionId: z.uuid(),
  // What the matcher learned of the mention, for routing rules (absent in older events).
  tags: z.array(z.string().min(1).max(64)).max(50).default([]),
  /** AFINN score of the text (sum of word valences), the scale matching rules use. */
  sentiment: z.number().min(-10_000).max(10_000).nullable().default(null),
  language: z.string().max(16).nullable().default(null),
};

const mentionRef = {
  platform: z.enum(PLATFORMS),
  externalId: z.string().min(1).max(128),
};

export const CaseOpenedSchema = z.object({ type: z.literal('caseOpened'), ...base, ...mentionRef });
export const MentionLinkedSchema = z.object({
  type: z.literal('mentionLinked'),
  ...base,
  ...mentionRef,
});

/** Events on `cases.events.v1`, keyed by caseId so one case's events stay in order. */
export const CaseEventSchema = z.discriminatedUnion('type', [
  CaseOpenedSchema,
  MentionLinkedSchema,
]);

export type CaseEvent = z.infer<typeof CaseEventSchema>;
/** What a producer may send: the routing facts default to none. */
export type CaseEventInput = z.input<typeof CaseEventSchema>;
export type CaseEventType = CaseEvent['type'];
