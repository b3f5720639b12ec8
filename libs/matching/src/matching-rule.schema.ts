import { z } from 'zod';
import { PLATFORMS } from '@scb/contracts';
import { MAX_PATTERN_COST, patternCost } from './pattern-cost';
import { patternIssue } from './safe-pattern';

/** Conditions (every node of `when`, `all`/`any`/`not` included) in one rule. */
export const MAX_CONDITIONS_PER_RULE = 50;
/** Rules in one set. */
export const MAX_RULES_PER_SET = 1_000;
/** Conditions in one set, all rules together: every mention evaluates them all. */
export const MAX_CONDITIONS_PER_SET = 5_000;
/**
 * The estimated compiled size of all patterns of a set together (see pattern-cost): every
 * mention runs all of them, so this bounds the matcher's per-mention cost and the compile time.
 */
export const MAX_RULE_SET_PATTERN_COST = 20_000;

const word = z.string().trim().min(1).max(200);
const words = z.array(word).min(1).max(500);
const range = z
  .object({ min: z.number().optional(), max: z.number().optional() })
  .strict()
  .refine((r) => r.min !== undefined || r.max !== undefined, 'give min, max or both')
  .refine((r) => r.min === undefined || r.max === undefined || r.min <= r.max, 'min > max');

/** A pattern an admin typed: it must compile with RE2, or the rule set is rejected at this path. */
export const AdminPatternSchema = z
  .string()
  .min(1)
  .superRefine((source, ctx) => {
    const issue = patternIssue(source);
    if (issue) ctx.addIssue({ code: 'custom', message: issue });
  });

export type RuleCondition =
  | { type: 'all'; conditions: RuleCondition[] }
  | { type: 'any'; conditions: RuleCondition[] }
  | { type: 'not'; condition: RuleCondition }
  | { type: 'textContainsAny'; values: string[] }
  | { type: 'textContainsAll'; values: string[] }
  | { type: 'textMatches'; pattern: string; caseSensitive: boolean }
  | { type: 'language'; values: string[] }
  | { type: 'platform'; values: Array<(typeof PLATFORMS)[number]> }
  | { type: 'authorHandle'; values: string[] }
  | { type: 'authorFollowers'; min?: number; max?: number }
  | { type: 'authorVerified'; value: boolean }
  | { type: 'customerTier'; values: string[] }
  | { type: 'sentiment'; min?: number; max?: number }
  | { type: 'isReply'; value: boolean }
  | { type: 'hasCaseNumber'; value: boolean };

const leaf = (type: string, shape: z.ZodRawShape) =>
  z.object({ type: z.literal(type), ...shape }).strict();

export const RuleConditionSchema: z.ZodType<RuleCondition> = z.lazy(() =>
  z.discriminatedUnion('type', [
    leaf('all', { conditions: z.array(RuleConditionSchema).min(1) }),
    leaf('any', { conditions: z.array(RuleConditionSchema).min(1) }),
    leaf('not', { condition: RuleConditionSchema }),
    leaf('textContainsAny', { values: words }),
    leaf('textContainsAll', { values: words }),
    leaf('textMatches', {
      pattern: AdminPatternSchema,
      caseSensitive: z.boolean().default(false),
    }),
    leaf('language', { values: words }),
    leaf('platform', { values: z.array(z.enum(PLATFORMS)).min(1) }),
    leaf('authorHandle', { values: words }),
    range.safeExtend({ type: z.literal('authorFollowers') }),
    leaf('authorVerified', { value: z.boolean() }),
    leaf('customerTier', { values: words }),
    range.safeExtend({ type: z.literal('sentiment') }),
    leaf('isReply', { value: z.boolean() }),
    leaf('hasCaseNumber', { value: z.boolean() }),
  ]),
) as z.ZodType<RuleCondition>;

export const RuleActionsSchema = z
  .object({
    /** Spam, marketing, nothing to do: the mention is stored but no case gets it. */
    ignore: z.boolean().default(false),
    category: z.string().trim().min(1).max(128).optional(),
    priority: z.number().int().min(1).max(5).optional(),
    tags: z.array(z.string().trim().min(1).max(64)).max(50).default([]),
    alwaysNewCase: z.boolean().default(false),
    doNotReopen: z.boolean().default(false),
  })
  .strict()
  .refine(
    (a) =>
      a.ignore ||
      a.alwaysNewCase ||
      a.doNotReopen ||
      a.category !== undefined ||
      a.priority !== undefined ||
      a.tags.length > 0,
    'a rule must take at least one action',
  );

export const MatchingRuleSchema = z
  .object({
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'lower-case letters, digits and "-", at most 64'),
    description: z.string().max(500).default(''),
    enabled: z.boolean().default(true),
    when: RuleConditionSchema,
    then: RuleActionsSchema,
  })
  .strict()
  .superRefine((rule, ctx) => {
    const count = conditionNodes(rule.when).length;
    if (count > MAX_CONDITIONS_PER_RULE)
      ctx.addIssue({
        code: 'custom',
        path: ['when'],
        message: `at most ${MAX_CONDITIONS_PER_RULE} conditions per rule (this one has ${count})`,
      });
  });

/** Every node of a condition tree, depth first. */
export function conditionNodes(condition: RuleCondition): RuleCondition[] {
  if (condition.type === 'all' || condition.type === 'any')
    return [condition, ...condition.conditions.flatMap(conditionNodes)];
  if (condition.type === 'not') return [condition, ...conditionNodes(condition.condition)];
  return [condition];
}

export const IdentifierPatternsSchema = z
  .object({
    caseNumber: AdminPatternSchema.default('CS-\\d{6}'),
    accountNumber: AdminPatternSchema.nullable().default(null),
    emails: z.boolean().default(true),
    phones: z.boolean().default(true),
    /** Region used to read phone numbers written without a country code (ISO 3166 alpha-2). */
    phoneDefaultCountry: z
      .string()
      .regex(/^[A-Z]{2}$/, 'an ISO 3166 alpha-2 code such as US')
      .default('US'),
  })
  .strict();

export const CasePolicySchema = z
  .object({
    /** A resolved case whose resolution is younger than this is reopened instead of a new one. */
    reopenWindowHours: z
      .number()
      .min(0)
      .max(24 * 365)
      .default(72),
    /** Join or reopen only a case of the same category as the one the rules gave the mention. */
    sameCategoryOnly: z.boolean().default(false),
    /**
     * A new case for a known customer (an identity or identifier on file) whose most recent case
     * was resolved fewer than this many days before the post (and outside the reopen window) is
     * opened as a follow-up of it (rule `follow-up`): its timeline shows the earlier history.
     * A post naming a resolved case's number is a follow-up of it whatever its age. 0: only by
     * case number.
     */
    followUpWindowDays: z.number().int().min(0).max(3650).default(90),
  })
  .strict();

export const RuleSetDefinitionSchema = z
  .object({
    rules: z.array(MatchingRuleSchema).max(MAX_RULES_PER_SET).default([]),
    identifiers: IdentifierPatternsSchema.default(IdentifierPatternsSchema.parse({})),
    policy: CasePolicySchema.default(CasePolicySchema.parse({})),
  })
  .strict()
  .superRefine((set, ctx) => {
    const patterns = [
      set.identifiers.caseNumber,
      set.identifiers.accountNumber ?? '',
      ...set.rules.flatMap((r) =>
        conditionNodes(r.when).flatMap((c) => (c.type === 'textMatches' ? [c.pattern] : [])),
      ),
    ];
    // A pattern over its own limit is reported at its path; only the others add up here.
    const cost = patterns
      .map(patternCost)
      .filter((c) => c <= MAX_PATTERN_COST)
      .reduce((sum, c) => sum + c, 0);
    if (cost > MAX_RULE_SET_PATTERN_COST)
      ctx.addIssue({
        code: 'custom',
        path: ['rules'],
        message: `the patterns of the set are too large together (about ${cost} instructions, at most ${MAX_RULE_SET_PATTERN_COST})`,
      });
    const conditions = set.rules.reduce((sum, r) => sum + conditionNodes(r.when).length, 0);
    if (conditions > MAX_CONDITIONS_PER_SET)
      ctx.addIssue({
        code: 'custom',
        path: ['rules'],
        message: `at most ${MAX_CONDITIONS_PER_SET} conditions in a rule set (this one has ${conditions})`,
      });
    const seen = new Set<string>();
    set.rules.forEach((rule, i) => {
      if (seen.has(rule.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['rules', i, 'id'],
          message: `duplicate id ${rule.id}`,
        });
      }
      seen.add(rule.id);
    });
  });

export type MatchingRule = z.infer<typeof MatchingRuleSchema>;
export type RuleActions = z.infer<typeof RuleActionsSchema>;
export type IdentifierPatterns = z.infer<typeof IdentifierPatternsSchema>;
export type CasePolicy = z.infer<typeof CasePolicySchema>;
export type RuleSetDefinition = z.infer<typeof RuleSetDefinitionSchema>;
export type RuleSetDefinitionInput = z.input<typeof RuleSetDefinitionSchema>;
