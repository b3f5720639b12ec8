import { StoryClient, storyConfig, waitFor, type CaseListItem } from '@scb/testing';
import { PipelineHarness } from '../pipeline.harness';

/** The gold customer of the CRM: an X account and a phone number on file. */
const ANA = {
  crmId: 'C-4001',
  displayName: 'Ana Lee',
  tier: 'gold',
  xUserId: '4001',
  crmPhone: '+1 415 555 2671',
};
/** The number Ana called from before the agent confirmed it was her. */
const EARLIER_NUMBER = '+1 312 555 4001';

describe('story: one queue, one agent (phone and social on one case)', () => {
  const pipeline = new PipelineHarness(storyConfig());
  let story: StoryClient;
  let anaId: string;
  let holder: string;
  let heldItem: string;

  beforeAll(async () => {
    await pipeline.start();
    story = await StoryClient.of(pipeline);
    await story.expectCall(200, 'PUT', '/v1/admin/queues/vip', { channels: ['phone', 'social'] });
    await story.expectCall(201, 'POST', '/v1/admin/routing-rules', {
      name: 'Gold customers',
      conditions: { tiers: ['gold'] },
      targetQueue: 'vip',
    });
    await story.expectCall(200, 'POST', '/v1/admin/crm-import', {
      customers: [
        {
          crmId: ANA.crmId,
          displayName: ANA.displayName,
          tier: ANA.tier,
          identities: [{ platform: 'x', externalUserId: ANA.xUserId, handle: '@analee' }],
          identifiers: [{ kind: 'phone', value: ANA.crmPhone }],
        },
      ],
    });
    const found = await story.expectCall<{ items: Array<{ id: string; crmId: string | null }> }>(
      200,
      'GET',
      `/v1/customers?q=${ANA.crmId}`,
    );
    anaId = found.items.find((c) => c.crmId === ANA.crmId)!.id;
  });

  afterAll(() => pipeline.stop());

  it('serves the longer-waiting item first at equal priority, phone or social', async () => {
    const agent = await story.newAgent('Cy Orderly', ['default']);
    await story.postOnX('5001', '@Brand my bill is wrong this month');
    const post = await story.openCaseOfHandle('user5001');
    const { priority } = await story.expectCall<{ priority: number }>(
      200,
      'GET',
      `/v1/cases/${post.id}`,
    );
    // The call came in 30 s before the post was queued (it waited in the IVR meanwhile) …
    const postQueuedAt = Date.parse(post.workItem!.queuedAt!);
    const early = await story.phoneCall({
      callerNumber: '+1 312 555 5001',
      priority,
      arrivedAt: new Date(postQueuedAt - 30_000).toISOString(),
    });
    expect(Date.parse(early.workItem.queuedAt!)).toBe(postQueuedAt - 30_000);
    // … and this one after it.
    const late = await story.phoneCall({ callerNumber: '+1 312 555 5002', priority });

    const served: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const item = await story.next(agent);
      served.push(item.id);
      await story.expectCall(200, 'POST', `/v1/work-items/${item.id}/complete`, {
        agentId: agent,
        resolutionCode: 'done',
      });
    }
    expect(served).toEqual([early.workItem.id, post.workItem!.id, late.workItem.id]);
  });

  it('names the agent holding the case to a call from a number on file, and counts the call and a post as updates on her item', async () => {
    // Ana first called from another number; the agent confirmed it was her (a merge).
    const clerk = await story.newAgent('Dee Desk', ['default']);
    const first = await story.phoneCall({ callerNumber: EARLIER_NUMBER });
    expect((await story.next(clerk)).id).toBe(first.workItem.id);
    await story.expectCall(200, 'POST', `/v1/work-items/${first.workItem.id}/complete`, {
      agentId: clerk,
      resolutionCode: 'identified',
    });
    await story.expectCall(200, 'POST', `/v1/customers/${first.customer.id}/merge`, {
      intoCustomerId: anaId,
      reason: 'caller confirmed she is Ana Lee (CRM C-4001)',
    });

    // Ana complains on X; the gold rule puts her case in vip, where Ann takes it.
    await story.postOnX(ANA.xUserId, '@Brand the internet is down again, third time this week');
    const routed = await story.openCaseOf(anaId, 'Ana’s post routed');
    expect(routed.workItem!.queue).toBe('vip');
    holder = await story.newAgent('Ann Holder', ['vip']);
    const taken = await story.next(holder);
    expect(taken.caseId).toBe(routed.id);
    heldItem = taken.id;

    // She calls from the number on file: the call names Ann and is an update on Ann's item.
    const call = await story.phoneCall({
      callerNumber: EARLIER_NUMBER,
      note: 'Ana calls about the outage she posted about',
    });
    expect(call).toMatchObject({
      customer: { id: anaId, known: true },
      case: { id: routed.id, reused: true },
      holder: { agentId: holder, name: 'Ann Holder' },
      workItem: { id: heldItem, status: 'assigned', agentId: holder, updates: 1 },
    });
    expect((await story.heldBy(holder)).map((i) => [i.id, i.updates])).toEqual([[heldItem, 1]]);

    // She posts on X again: Ann's item is updated, no new work.
    await story.postOnX(ANA.xUserId, '@Brand still down after the call');
    await waitFor(async () => (await story.heldBy(holder))[0]?.updates === 2, {
      timeoutMs: 90_000,
      what: 'the post counted on Ann’s item',
    });
    const cases = await story.expectCall<{ items: CaseListItem[] }>(
      200,
      'GET',
      `/v1/cases?customerId=${anaId}&status=open`,
    );
    expect(cases.items.map((c) => c.id)).toEqual([routed.id]);
    // One timeline: both posts and the call Ann is on.
    const timeline = await story.expectCall<{ entries: Array<{ kind: string; text: string }> }>(
      200,
      'GET',
      `/v1/cases/${routed.id}`,
    );
    expect(timeline.entries.filter((e) => e.kind === 'mention')).toHaveLength(2);
    expect(timeline.entries).toContainEqual(
      expect.objectContaining({
        kind: 'phone',
        text: 'Ana calls about the outage she posted about',
      }),
    );
  });

  it('routes the gold customer’s calls by the same tier rule as her posts', async () => {
    await story.expectCall(200, 'POST', `/v1/work-items/${heldItem}/complete`, {
      agentId: holder,
      resolutionCode: 'fixed',
    });
    const call = await story.phoneCall({ callerNumber: EARLIER_NUMBER });
    expect(call).toMatchObject({
      customer: { id: anaId },
      holder: null,
      workItem: { queue: 'vip', status: 'queued' },
    });
    // A standard caller's call stays in the shared queue.
    expect((await story.phoneCall({ callerNumber: '+1 312 555 4999' })).workItem.queue).toBe(
      'default',
    );
    heldItem = (await story.next(holder)).id;
    expect(heldItem).toBe(call.workItem.id);
  });

  it('names the holder to a call from the number the CRM has on file', async () => {
    const call = await story.phoneCall({ callerNumber: ANA.crmPhone });
    expect(call).toMatchObject({
      customer: { id: anaId, known: true },
      holder: { agentId: holder, name: 'Ann Holder' },
      workItem: { id: heldItem, updates: 1 },
    });
  });
});
