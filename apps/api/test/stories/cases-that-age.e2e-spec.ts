import { StoryClient, storyConfig, waitFor, type CaseListItem, type SlaEvent } from '@scb/testing';
import { PipelineHarness } from '../pipeline.harness';

// Each stage well apart from the others (1 s, 2 s, 5 s, 10 s at 50 %), so they fire in one order.
const SLA = { firstResponseSeconds: 2, resolutionSeconds: 10 };
// Room to answer on a loaded machine before the first response would be at risk (7.5 s).
const ANSWERED_SLA = { firstResponseSeconds: 15, resolutionSeconds: 20 };
const everyPriority = (target: typeof SLA) =>
  Object.fromEntries(['1', '2', '3', '4', '5'].map((p) => [p, target]));

/** What an item's SLA events say, without the ids: the same for a call and a post. */
const stagesOf = (events: SlaEvent[], workItemId: string) =>
  events
    .filter((e) => e.workItemId === workItemId)
    .map((e) => ({ kind: e.kind, stage: e.stage, queue: e.queue, escalation: e.escalation }))
    .sort((a, b) => `${a.kind}.${a.stage}`.localeCompare(`${b.kind}.${b.stage}`));

describe('story: cases that age (phone and social under one SLA)', () => {
  const pipeline = new PipelineHarness(storyConfig());
  let story: StoryClient;

  beforeAll(async () => {
    await pipeline.start();
    story = await StoryClient.of(pipeline);
    // A short SLA on the shared queue; a breach escalates to a supervisors' queue.
    await story.expectCall(200, 'PUT', '/v1/admin/queues/escalated', {
      channels: ['phone', 'social'],
    });
    await story.expectCall(200, 'PUT', '/v1/admin/queues/default', {
      slaPolicy: {
        targets: everyPriority(SLA),
        atRiskPercent: 50,
        escalation: { toQueue: 'escalated', notify: ['supervisors'] },
      },
    });
    // Calls the IVR files as 'answer-now' go to a queue an agent is waiting on.
    await story.expectCall(200, 'PUT', '/v1/admin/queues/answered', {
      channels: ['phone'],
      slaPolicy: { targets: everyPriority(ANSWERED_SLA), atRiskPercent: 50 },
    });
    await story.expectCall(201, 'POST', '/v1/admin/routing-rules', {
      name: 'Answer now',
      conditions: { categories: ['answer-now'] },
      targetQueue: 'answered',
    });
  });

  afterAll(() => pipeline.stop());

  it('puts a waiting call and a waiting post at risk, breaches and escalates them alike', async () => {
    await story.postOnX('9000001', '@Brand my order never arrived and nobody answers');
    const post = await story.openCaseOfHandle('user9000001');
    const call = await story.phoneCall({
      callerNumber: '+1 312 555 7001',
      priority: (await story.expectCall<{ priority: number }>(200, 'GET', `/v1/cases/${post.id}`))
        .priority,
    });
    expect(call.workItem.queue).toBe('default');

    const items = [post.workItem!.id, call.workItem.id];
    const events = (await waitFor(
      async () => {
        const all = await story.slaEvents();
        return items.every((id) => stagesOf(all, id).length === 4) ? all : undefined;
      },
      { timeoutMs: 90_000, what: 'both items at risk and breached on both clocks' },
    ))!;
    const social = stagesOf(events, items[0]);
    const phone = stagesOf(events, items[1]);
    expect(phone).toEqual(social);
    const breach = social.find((e) => e.kind === 'firstResponse' && e.stage === 'breached');
    expect(breach?.escalation?.queue).toEqual(['default', 'escalated']);
    expect(social.filter((e) => e.stage === 'atRisk')).toHaveLength(2);

    const escalated = await story.expectCall<{ items: CaseListItem[] }>(
      200,
      'GET',
      '/v1/cases?queue=escalated&status=open',
    );
    expect(escalated.items.map((c) => c.id).sort()).toEqual([post.id, call.case.id].sort());
  });

  it('records no first-response breach for a call an agent accepts at once', async () => {
    const agent = await story.newAgent('Quick Answer', ['answered']);
    const call = await story.phoneCall({ callerNumber: '+1 312 555 7002', category: 'answer-now' });
    expect(call.workItem.queue).toBe('answered');
    const taken = await story.next(agent);
    expect(taken.id).toBe(call.workItem.id);
    const accepted = await story.expectCall<{ sla: { firstRespondedAt: string | null } }>(
      200,
      'POST',
      `/v1/work-items/${call.workItem.id}/accept`,
      { agentId: agent },
    );
    expect(accepted.sla.firstRespondedAt).not.toBeNull();

    // The resolution clock runs on (it breaches after the first-response one would have).
    const events = (await waitFor(
      async () => {
        const mine = stagesOf(await story.slaEvents(), call.workItem.id);
        return mine.some((e) => e.kind === 'resolution' && e.stage === 'breached')
          ? mine
          : undefined;
      },
      { timeoutMs: 90_000, what: 'the accepted call’s resolution breach' },
    ))!;
    expect(events.filter((e) => e.kind === 'firstResponse')).toEqual([]);
    // An agent holds it: the breach names no other queue.
    expect(events.find((e) => e.stage === 'breached')?.escalation?.queue).toEqual([
      'answered',
      'answered',
    ]);
  });
});
