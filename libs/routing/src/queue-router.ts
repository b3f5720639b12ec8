import type { RoutingConditions, RoutingPolicy, RoutingRule, WorkToRoute } from './routing-rule';

export const DEFAULT_QUEUE = 'default';

export interface RoutingChoice {
  queue: string;
  priority: number;
  requiredSkills: string[];
  ruleId: string | null;
  explanation: string;
}

export const EMPTY_POLICY: RoutingPolicy = {
  rules: [],
  queues: [{ name: DEFAULT_QUEUE, channels: ['social', 'phone'] }],
};

/**
 * Chooses the queue, priority and required skills of a work item. Phone and social work go
 * through this one function, so they share rules, priorities and SLAs. Rules are tried in order;
 * the first enabled rule whose conditions hold and whose queue accepts the channel wins.
 */
export function chooseQueue(
  work: WorkToRoute,
  policy: RoutingPolicy = EMPTY_POLICY,
): RoutingChoice {
  const accepts = new Map(policy.queues.map((q) => [q.name, new Set(q.channels)]));
  const notes: string[] = [];
  for (const rule of policy.rules) {
    if (!rule.enabled) continue;
    const failed = failedCondition(rule.conditions, work);
    if (failed) continue;
    const channels = accepts.get(rule.targetQueue);
    if (!channels?.has(work.channel)) {
      notes.push(
        `rule "${rule.name}" matched but queue ${rule.targetQueue} ${channels ? `does not take ${work.channel} work` : 'does not exist'}`,
      );
      continue;
    }
    return fromRule(rule, work, notes);
  }
  const evaluated = policy.rules.filter((r) => r.enabled).length;
  return {
    queue: DEFAULT_QUEUE,
    priority: work.priority,
    requiredSkills: [],
    ruleId: null,
    explanation: [
      `no routing rule matched (${evaluated} evaluated); ${work.channel} work goes to the shared ${DEFAULT_QUEUE} queue at priority ${work.priority}`,
      ...notes,
    ].join('; '),
  };
}

function fromRule(rule: RoutingRule, work: WorkToRoute, notes: string[]): RoutingChoice {
  const priority = Math.min(5, Math.max(1, work.priority + rule.priorityAdjustment));
  const change =
    priority === work.priority ? `priority ${priority}` : `priority ${work.priority} → ${priority}`;
  const skills =
    rule.requiredSkills.length > 0 ? `; needs skills ${rule.requiredSkills.join(', ')}` : '';
  return {
    queue: rule.targetQueue,
    priority,
    requiredSkills: rule.requiredSkills,
    ruleId: rule.id,
    explanation: [
      `rule "${rule.name}" (position ${rule.position}) matched ${describe(rule.conditions)} → queue ${rule.targetQueue}, ${change}${skills}`,
      ...notes,
    ].join('; '),
  };
}

/** The first condition that does not hold, or null when all hold. */
function failedCondition(c: RoutingConditions, work: WorkToRoute): string | null {
  const inList = (list: string[] | undefined, value: string | null | undefined) =>
    !list || (value != null && list.some((v) => v.toLowerCase() === value.toLowerCase()));
  if (!inList(c.categories, work.category)) return 'categories';
  if (c.channels && !c.channels.includes(work.channel)) return 'channels';
  if (c.priorities && !c.priorities.includes(work.priority)) return 'priorities';
  if (!inList(c.languages, work.language)) return 'languages';
  if (!inList(c.tiers, work.tier)) return 'tiers';
  if (c.tagsAny && !c.tagsAny.some((tag) => (work.tags ?? []).includes(tag))) return 'tagsAny';
  if (
    c.sentimentAtMost !== undefined &&
    !(work.sentiment != null && work.sentiment <= c.sentimentAtMost)
  )
    return 'sentimentAtMost';
  return null;
}

function describe(c: RoutingConditions): string {
  const parts = Object.entries(c)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('|') : String(v)}`);
  return parts.length > 0 ? `(${parts.join(', ')})` : '(any work)';
}

/** BullMQ job ids derive from work-item ids so a redelivered event can never queue twice. */
export function workItemJobId(workItemId: string): string {
  return `wi-${workItemId}`;
}

/**
 * Whether any enabled rule looks at the customer tier: when none does, routing needs no tier
 * and the router skips reading them (one statement per batch less).
 */
export function policyUsesTiers(policy: RoutingPolicy): boolean {
  return policy.rules.some((rule) => rule.enabled && rule.conditions.tiers !== undefined);
}
