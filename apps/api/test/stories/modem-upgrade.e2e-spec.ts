import { StoryClient, storyConfig } from '@scb/testing';
import { PipelineHarness } from '../pipeline.harness';

interface PhoneWork {
  workItem: { id: string };
  case: { id: string; caseNumber: string };
  customer: { id: string; known: boolean };
}

/**
 * Issue 12, story "modem upgrade": a customer calls, is transferred three times, then complains
 * on X, giving the number they called from, or the case number, or from an X account the CRM
 * knows: always ONE case, and the agent holding the call sees the posts on its timeline.
 * Public APIs only: the phone system's `POST /v1/work-items`, the agent-work API, the webhook.
 */
describe('story: modem upgrade (call, three transfers, then X): one case, the holder sees the posts', () => {
  const pipeline = new PipelineHarness(storyConfig());
  let story: StoryClient;

  beforeAll(async () => {
    await pipeline.start();
    story = await StoryClient.of(pipeline);
  });
  afterAll(() => pipeline.stop());

  /** The call, taken and transferred three times; returns the call and who holds it. */
  async function callAndTransfer(callerNumber: string, variant: string) {
    const call = await story.ok<PhoneWork>('POST', '/v1/work-items', {
      channel: 'phone',
      callerNumber,
      callId: `modem-${variant}`,
      category: 'modem',
      note: 'Wants the modem upgrade; no internet since Monday',
    });
    const agents = [];
    for (const n of [1, 2, 3, 4]) agents.push(await story.newAgent(`${variant} agent ${n}`));
    const first = await story.call<{ id: string }>('POST', `/v1/agents/${agents[0]}/next`);
    expect([first.status, first.body.id]).toEqual([200, call.workItem.id]);
    await story.ok('POST', `/v1/work-items/${call.workItem.id}/accept`, { agentId: agents[0] });
    for (let i = 0; i < 3; i += 1) {
      await story.ok('POST', `/v1/work-items/${call.workItem.id}/transfer`, {
        agentId: agents[i],
        toAgentId: agents[i + 1],
      });
    }
    const holder = agents[3];
    const held = await story.caseWhen(
      call.case.id,
      (c) => c.workItem?.agentId === holder,
      'the fourth agent to hold the call',
    );
    expect(held.workItem).toMatchObject({ id: call.workItem.id, status: 'assigned' });
    return { call, holder };
  }

  /** The case as its holder sees it once the post is on its timeline. */
  async function holderSees(caseId: string, text: string, holder: string, workItemId: string) {
    const seen = await story.caseWhen(
      caseId,
      (c) => c.entries.some((e) => e.kind === 'mention' && e.text === text),
      `the post on case ${caseId}`,
    );
    expect(seen.workItem).toMatchObject({ id: workItemId, agentId: holder });
    expect(seen.entries.map((e) => e.kind)).toEqual(expect.arrayContaining(['phone', 'mention']));
    const work = await story.ok<Array<{ id: string }> | { items: Array<{ id: string }> }>(
      'GET',
      `/v1/agents/${holder}/work`,
    );
    const items = Array.isArray(work) ? work : work.items;
    expect(items.map((i) => i.id)).toContain(workItemId);
    return seen;
  }

  it('variant 1: the post gives the number they called from, "(312) 532-2341"', async () => {
    const { call, holder } = await callAndTransfer('+13125322341', 'number');
    const text = '@brand 3 transfers and still no modem upgrade. my number is (312) 532-2341';
    await story.post({ authorId: '8100001', authorHandle: 'modem_fan', text });
    const seen = await holderSees(call.case.id, text, holder, call.workItem.id);
    expect(seen.customer.id).toBe(call.customer.id);
    // Shown to the holder as unverified, with the evidence of the claim.
    expect(seen.entries.find((e) => e.text === text)).toMatchObject({
      authorTrust: 'claimed',
      claimEvidence: { kind: 'phone', value: '+13125322341' },
    });

    // One case for the customer; the X account is on file, unverified, with its evidence.
    const customer = await story.ok<{
      cases: unknown[];
      identities: Array<{ kind: string; trust: string; evidence: { kind?: string } | null }>;
    }>('GET', `/v1/customers/${call.customer.id}`);
    expect(customer.cases).toHaveLength(1);
    expect(customer.identities.find((i) => i.kind === 'x')).toMatchObject({
      trust: 'claimed',
      evidence: { kind: 'phone', value: '+13125322341' },
    });
  });

  it('variant 2: the post gives the case number', async () => {
    const { call, holder } = await callAndTransfer('+13125322342', 'case');
    const text = `@brand about my case ${call.case.caseNumber}: transferred three times today`;
    await story.post({ authorId: '8100002', authorHandle: 'case_quoter', text });
    const seen = await holderSees(call.case.id, text, holder, call.workItem.id);
    expect(seen.customer.id).toBe(call.customer.id);
  });

  it('variant 3: the post comes from an X account the CRM knows (by handle only)', async () => {
    await story.ok('POST', '/v1/admin/crm-import', {
      customers: [
        {
          crmId: 'CRM-MODEM-3',
          displayName: 'Mo Dem',
          identities: [{ platform: 'x', handle: '@MoDem3' }],
          identifiers: [{ kind: 'phone', value: '+1 312 532 2343' }],
        },
      ],
    });
    const { call, holder } = await callAndTransfer('+13125322343', 'crm');
    expect(call.customer.known).toBe(true);
    const text = '@brand is anyone going to upgrade my modem?';
    await story.post({ authorId: '8100003', authorHandle: 'MoDem3', text });
    const seen = await holderSees(call.case.id, text, holder, call.workItem.id);
    expect(seen.customer.id).toBe(call.customer.id);
    const open = await story.ok<{ total: number }>(
      'GET',
      `/v1/cases?customerId=${call.customer.id}&status=open`,
    );
    expect(open.total).toBe(1);
  });
});
