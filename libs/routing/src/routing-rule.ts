import { z } from 'zod';
import { CHANNELS, PrioritySchema, type Channel } from '@scb/contracts';
import type { SlaPolicy } from './sla-policy';

const names = z.array(z.string().trim().min(1).max(128)).min(1).max(100);

/**
 * What a routing rule can look at. Every listed condition must hold (a list means "any of");
 * an absent condition does not constrain. Unknown keys are rejected so a typo cannot widen a rule.
 */
export const RoutingConditionsSchema = z
  .object({
    categories: names.optional(),
    channels: z.array(z.enum(CHANNELS)).min(1).optional(),
    priorities: z.array(PrioritySchema).min(1).optional(),
    languages: names.optional(),
    tiers: names.optional(),
    tagsAny: names.optional(),
    /** Matches work whose sentiment (AFINN score, as in matching rules) is at most this value. */
    sentimentAtMost: z.number().min(-10_000).max(10_000).optional(),
  })
  .strict();

export const RoutingRuleInputSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    enabled: z.boolean().default(true),
    position: z.number().int().min(0).max(100_000).optional(),
    conditions: RoutingConditionsSchema,
    targetQueue: z.string().trim().min(1).max(64),
    /** Added to the priority (1 most urgent), clamped to 1..5: -1 makes work more urgent. */
    priorityAdjustment: z.number().int().min(-4).max(4).default(0),
    requiredSkills: z.array(z.string().trim().min(1).max(64)).max(50).default([]),
  })
  .strict();

export type RoutingConditions = z.infer<typeof RoutingConditionsSchema>;
export type RoutingRuleInput = z.input<typeof RoutingRuleInputSchema>;
export type RoutingRule = z.infer<typeof RoutingRuleInputSchema> & { id: string; position: number };

/**
 * A work item about to be routed: the same shape for phone and social work, evaluated by the one
 * function `chooseQueue`. A fact the work does not carry (null/absent) never satisfies a
 * condition on it: a call has no sentiment, so a `sentimentAtMost` rule never takes a call; a
 * call without a language is not taken by a `languages` rule.
 */
export interface WorkToRoute {
  channel: Channel;
  priority: number;
  category?: string | null;
  language?: string | null;
  tier?: string | null;
  tags?: string[];
  sentiment?: number | null;
}

export interface QueueDefinition {
  name: string;
  channels: Channel[];
  /** Absent: no SLA clock for this queue's work. */
  sla?: SlaPolicy;
}

export interface RoutingPolicy {
  /** Enabled and disabled rules, in evaluation order. */
  rules: RoutingRule[];
  queues: QueueDefinition[];
}

/** What the phone system tells about a call that routing rules can look at. */
export interface CallFacts {
  priority: number;
  /** The IVR's category, if any. */
  category: string | null;
  /** The caller's language as the IVR detected or the caller chose (BCP 47 / ISO 639-1), if any. */
  language: string | null;
  tags: string[];
}

/**
 * A call as routing rules see it, so the same rules (category, priority, language, tier, tags)
 * apply to calls and posts. `tier` is the caller's customer's tier (null for a new caller).
 * Sentiment is absent: no text is scored for a call, so sentiment conditions are not met.
 */
export function callToRoute(call: CallFacts, tier: string | null): WorkToRoute {
  return {
    channel: 'phone',
    priority: call.priority,
    category: call.category,
    language: call.language,
    tier,
    tags: call.tags,
    sentiment: null,
  };
}
