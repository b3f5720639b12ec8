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

/** A work item about to be routed: the same shape for phone and social work. */
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
