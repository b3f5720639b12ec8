import type { CallToRoute, PhoneCall, PhoneWork } from '@scb/persistence';
import { RoutingRuleInputSchema, type RoutingChoice, type RoutingPolicy } from '@scb/routing';
import type { RoutingPolicyCache, SlaClock } from '@scb/work-queues';
import { InMemoryUnitOfWork, RecordingWorkQueueChanges } from '@scb/testing';
import { PhoneIntakeService } from './phone-intake.service';

const call: PhoneCall = {
  callerNumber: '+13125550100',
  callId: 'call-1',
  category: 'billing',
  priority: 3,
  note: null,
  arrivedAt: new Date('2026-01-01T00:00:00.000Z'),
  language: 'es',
  tags: ['churn-risk'],
};

const policy: RoutingPolicy = {
  rules: [
    {
      ...RoutingRuleInputSchema.parse({
        name: 'Gold',
        conditions: { tiers: ['gold'], languages: ['es'], tagsAny: ['churn-risk'] },
        targetQueue: 'vip',
        priorityAdjustment: -1,
      }),
      id: 'r-gold',
      position: 1,
    },
  ],
  queues: [
    { name: 'default', channels: ['phone', 'social'] },
    { name: 'vip', channels: ['phone', 'social'] },
  ],
};

/** The repository's part: routes the call with the given customer tier, answers `status`. */
function fakePhoneWork(tier: string | null, status: 'queued' | 'assigned') {
  const routed: Array<{ facts: CallToRoute; choice: RoutingChoice }> = [];
  return {
    routed,
    async openPhoneWork(c: PhoneCall, route: (w: CallToRoute) => RoutingChoice) {
      const facts = {
        category: c.category,
        priority: c.priority,
        language: c.language,
        tags: c.tags,
        tier,
      };
      const choice = route(facts);
      routed.push({ facts, choice });
      const work: PhoneWork = {
        workItem: {
          id: 'w-1',
          queue: choice.queue,
          priority: choice.priority,
          status,
          routingExplanation: choice.explanation,
          queuedAt: c.arrivedAt,
          agentId: status === 'assigned' ? 'a-1' : null,
          updates: status === 'assigned' ? 1 : 0,
        },
        case: { id: 'c-1', caseNumber: 'CS-000001', reused: status === 'assigned' },
        customer: { id: 'cu-1', known: tier !== null },
        holder: status === 'assigned' ? { agentId: 'a-1', name: 'Ann' } : null,
        replayed: false,
      };
      return work;
    },
  };
}

function setUp(tier: string | null, status: 'queued' | 'assigned') {
  const uow = new InMemoryUnitOfWork();
  const changes = new RecordingWorkQueueChanges(uow);
  const started: string[][] = [];
  const sla = { start: async (ids: string[]) => void started.push(ids) };
  const phoneWork = fakePhoneWork(tier, status);
  const service = new PhoneIntakeService(
    phoneWork as never,
    { current: async () => policy } as unknown as RoutingPolicyCache,
    uow,
    changes,
    sla as unknown as SlaClock,
  );
  return { service, phoneWork, changes, started };
}

describe('PhoneIntakeService', () => {
  it("routes the call by the same rules as posts, on its language and tags and the caller's tier", async () => {
    const { service, phoneWork, changes, started } = setUp('gold', 'queued');
    const work = await service.open(call);
    expect(work.workItem).toMatchObject({ queue: 'vip', priority: 2 });
    expect(phoneWork.routed[0].choice.ruleId).toBe('r-gold');
    expect(changes.committed).toEqual([{ workItemId: 'w-1', fromQueue: null }]);
    expect(started).toEqual([['w-1']]);
  });

  it('leaves a standard caller in the shared queue', async () => {
    const { service } = setUp('standard', 'queued');
    expect((await service.open(call)).workItem.queue).toBe('default');
  });

  it('queues nothing in BullMQ for a call on a case an agent holds, and answers with her', async () => {
    const { service, changes } = setUp('gold', 'assigned');
    const work = await service.open(call);
    expect(work.holder).toEqual({ agentId: 'a-1', name: 'Ann' });
    expect(changes.committed).toEqual([]);
  });
});
