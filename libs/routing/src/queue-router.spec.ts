import { chooseQueue, DEFAULT_QUEUE, workItemJobId } from './queue-router';
import { RoutingRuleInputSchema, type RoutingPolicy, type RoutingRule } from './routing-rule';

let ids = 0;
function rule(input: Parameters<typeof RoutingRuleInputSchema.parse>[0]): RoutingRule {
  ids += 1;
  return { ...RoutingRuleInputSchema.parse(input), id: `r${ids}`, position: ids };
}

const queues: RoutingPolicy['queues'] = [
  { name: DEFAULT_QUEUE, channels: ['social', 'phone'] },
  { name: 'billing', channels: ['social', 'phone'] },
  { name: 'vip', channels: ['social', 'phone'] },
  { name: 'social-only', channels: ['social'] },
];

describe('chooseQueue', () => {
  it('sends phone and social work to the same default queue when no rule matches', () => {
    const social = chooseQueue({ priority: 2, channel: 'social' });
    const phone = chooseQueue({ priority: 2, channel: 'phone' });
    expect(social).toMatchObject({ queue: DEFAULT_QUEUE, priority: 2, ruleId: null });
    expect(phone.queue).toBe(social.queue);
    expect(social.explanation).toMatch(/no routing rule matched \(0 evaluated\)/);
  });

  it('applies the first matching rule in order, for phone and social alike', () => {
    const billing = rule({
      name: 'Billing',
      conditions: { categories: ['billing'] },
      targetQueue: 'billing',
    });
    const catchAll = rule({ name: 'Everything', conditions: {}, targetQueue: 'vip' });
    const policy = { rules: [billing, catchAll], queues };
    for (const channel of ['social', 'phone'] as const) {
      expect(chooseQueue({ channel, priority: 3, category: 'Billing' }, policy)).toMatchObject({
        queue: 'billing',
        ruleId: billing.id,
      });
      expect(chooseQueue({ channel, priority: 3, category: 'music' }, policy).queue).toBe('vip');
    }
  });

  it('requires every condition: category, channel, priority, language, tier, tags and sentiment', () => {
    const strict = rule({
      name: 'Angry gold customers on X in English',
      conditions: {
        categories: ['outage'],
        channels: ['social'],
        priorities: [2, 3],
        languages: ['en'],
        tiers: ['gold'],
        tagsAny: ['churn-risk', 'press'],
        sentimentAtMost: -0.5,
      },
      targetQueue: 'vip',
      priorityAdjustment: -1,
      requiredSkills: ['retention'],
    });
    const policy = { rules: [strict], queues };
    const fits = {
      channel: 'social' as const,
      priority: 3,
      category: 'outage',
      language: 'en',
      tier: 'gold',
      tags: ['press'],
      sentiment: -0.8,
    };
    expect(chooseQueue(fits, policy)).toMatchObject({
      queue: 'vip',
      priority: 2,
      requiredSkills: ['retention'],
    });
    const misses: Array<Partial<typeof fits>> = [
      { category: 'billing' },
      { channel: 'phone' as never },
      { priority: 5 },
      { language: 'es' },
      { tier: 'standard' },
      { tags: ['other'] },
      { sentiment: 0.1 },
      { sentiment: null as never },
    ];
    for (const miss of misses)
      expect(chooseQueue({ ...fits, ...miss }, policy).queue).toBe(DEFAULT_QUEUE);
  });

  it('clamps the adjusted priority to 1..5 and says what changed', () => {
    const urgent = rule({
      name: 'Urgent',
      conditions: {},
      targetQueue: 'vip',
      priorityAdjustment: -4,
    });
    const choice = chooseQueue({ channel: 'phone', priority: 2 }, { rules: [urgent], queues });
    expect(choice.priority).toBe(1);
    expect(choice.explanation).toContain('priority 2 → 1');
  });

  it('skips disabled rules and rules whose queue does not take the channel, and says so', () => {
    const disabled = rule({ name: 'Off', enabled: false, conditions: {}, targetQueue: 'vip' });
    const socialOnly = rule({ name: 'Social desk', conditions: {}, targetQueue: 'social-only' });
    const policy = { rules: [disabled, socialOnly], queues };
    expect(chooseQueue({ channel: 'social', priority: 3 }, policy).queue).toBe('social-only');
    const phone = chooseQueue({ channel: 'phone', priority: 3 }, policy);
    expect(phone.queue).toBe(DEFAULT_QUEUE);
    expect(phone.explanation).toContain('queue social-only does not take phone work');
  });

  it('rejects rules with unknown conditions or bad values, naming the field', () => {
    const typo = RoutingRuleInputSchema.safeParse({
      name: 'x',
      conditions: { categorys: ['a'] },
      targetQueue: 'q',
    });
    expect(typo.success).toBe(false);
    expect(JSON.stringify(typo.error?.issues)).toContain('categorys');
    const badPriority = RoutingRuleInputSchema.safeParse({
      name: 'x',
      conditions: { priorities: [9] },
      targetQueue: 'q',
    });
    expect(badPriority.error?.issues[0].path).toEqual(['conditions', 'priorities', 0]);
  });

  it('derives a stable job id from the work item id', () => {
    expect(workItemJobId('abc')).toBe(workItemJobId('abc'));
    expect(workItemJobId('abc')).not.toBe(workItemJobId('abd'));
  });
});
