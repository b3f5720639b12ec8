import { chooseQueue, DEFAULT_QUEUE } from './queue-router';
import {
  callToRoute,
  RoutingRuleInputSchema,
  type CallFacts,
  type RoutingPolicy,
  type RoutingRule,
} from './routing-rule';

let ids = 0;
function rule(input: Parameters<typeof RoutingRuleInputSchema.parse>[0]): RoutingRule {
  ids += 1;
  return { ...RoutingRuleInputSchema.parse(input), id: `r${ids}`, position: ids };
}

const queues: RoutingPolicy['queues'] = [
  { name: DEFAULT_QUEUE, channels: ['social', 'phone'] },
  { name: 'vip', channels: ['social', 'phone'] },
  { name: 'spanish', channels: ['social', 'phone'] },
  { name: 'retention', channels: ['social', 'phone'] },
  { name: 'angry', channels: ['social', 'phone'] },
];
const call: CallFacts = { priority: 3, category: null, language: null, tags: [] };

describe('callToRoute + chooseQueue: calls meet the same routing conditions as posts', () => {
  it('routes a gold customer’s call and post alike by a tier rule', () => {
    const gold = rule({
      name: 'Gold',
      conditions: { tiers: ['gold'] },
      targetQueue: 'vip',
      priorityAdjustment: -1,
    });
    const policy = { rules: [gold], queues };
    const byCall = chooseQueue(callToRoute(call, 'gold'), policy);
    const byPost = chooseQueue({ channel: 'social', priority: 3, tier: 'gold' }, policy);
    expect(byCall).toMatchObject({ queue: 'vip', priority: 2, ruleId: gold.id });
    expect(byPost).toMatchObject({ queue: 'vip', priority: 2, ruleId: gold.id });
    expect(chooseQueue(callToRoute(call, 'standard'), policy).queue).toBe(DEFAULT_QUEUE);
    expect(chooseQueue(callToRoute(call, null), policy).queue).toBe(DEFAULT_QUEUE);
  });

  it('applies language and tag rules to what the call carries', () => {
    const spanish = rule({ name: 'ES', conditions: { languages: ['es'] }, targetQueue: 'spanish' });
    const churn = rule({
      name: 'Churn',
      conditions: { tagsAny: ['churn-risk'] },
      targetQueue: 'retention',
    });
    const policy = { rules: [spanish, churn], queues };
    expect(chooseQueue(callToRoute({ ...call, language: 'ES' }, null), policy).queue).toBe(
      'spanish',
    );
    expect(chooseQueue(callToRoute({ ...call, tags: ['churn-risk'] }, null), policy).queue).toBe(
      'retention',
    );
    expect(chooseQueue(callToRoute(call, null), policy).queue).toBe(DEFAULT_QUEUE);
  });

  it('never meets a sentiment condition with a call (no text is scored), while a post can', () => {
    const angry = rule({
      name: 'Angry',
      conditions: { sentimentAtMost: 0 },
      targetQueue: 'angry',
    });
    const policy = { rules: [angry], queues };
    const routed = chooseQueue(callToRoute({ ...call, category: 'billing' }, 'gold'), policy);
    expect(routed.queue).toBe(DEFAULT_QUEUE);
    expect(routed.explanation).toMatch(/no routing rule matched \(1 evaluated\); phone work/);
    expect(chooseQueue({ channel: 'social', priority: 3, sentiment: -4 }, policy).queue).toBe(
      'angry',
    );
  });

  it('requires every condition of a combined rule for a call too', () => {
    const combined = rule({
      name: 'Gold billing in English',
      conditions: { tiers: ['gold'], categories: ['billing'], languages: ['en'] },
      targetQueue: 'vip',
    });
    const policy = { rules: [combined], queues };
    const fits: CallFacts = { ...call, category: 'billing', language: 'en' };
    expect(chooseQueue(callToRoute(fits, 'gold'), policy).queue).toBe('vip');
    expect(chooseQueue(callToRoute(fits, 'silver'), policy).queue).toBe(DEFAULT_QUEUE);
    expect(chooseQueue(callToRoute({ ...fits, language: 'fr' }, 'gold'), policy).queue).toBe(
      DEFAULT_QUEUE,
    );
  });
});
