import { RuleSetProvider } from '@scb/matching';
import { StoryClient, storyConfig, waitFor } from '@scb/testing';
import { PipelineHarness } from '../pipeline.harness';

/**
 * Issue 12, story "order to the old address": an order case imported from the CRM; the customer
 * complains on Facebook, then on X, naming the order number: both posts join the order case,
 * routed by a rule to the orders queue. Public APIs only (admin, CRM import, the webhook).
 */
describe('story: order to the old address (CRM order case, then Facebook and X naming the order)', () => {
  const pipeline = new PipelineHarness(storyConfig({ MATCHER_RULES_POLL_MS: '200' }));
  let story: StoryClient;

  beforeAll(async () => {
    await pipeline.start();
    story = await StoryClient.of(pipeline);
  });
  afterAll(() => pipeline.stop());

  it('both posts join the order case, routed by the rule to the orders queue', async () => {
    // The admin: an orders queue, a rule sending order work there, order numbers as identifiers.
    await story.ok('PUT', '/v1/admin/queues/orders', { description: 'Orders and deliveries' });
    await story.ok('POST', '/v1/admin/routing-rules', {
      name: 'Orders',
      conditions: { categories: ['orders'] },
      targetQueue: 'orders',
    });
    const rules = await story.ok<{ version: number }>('POST', '/v1/admin/matching-rules', {
      author: 'story',
      definition: { rules: [], identifiers: { accountNumber: 'ORD-\\d{6}' } },
    });
    const matcher = pipeline.apps!.matcher.get(RuleSetProvider);
    await waitFor(async () => matcher.current().version === rules.version, {
      what: 'the matcher to load the order-number pattern',
    });
    await story.ok('POST', '/v1/admin/crm-import', {
      customers: [
        {
          crmId: 'CRM-ORDER-1',
          displayName: 'Olga Order',
          identifiers: [{ kind: 'account', value: 'ORD-778899' }],
          cases: [{ crmCaseId: 'ORDER-778899', category: 'orders', priority: 2 }],
        },
      ],
    });
    const imported = await story.ok<{ items: Array<{ id: string; customer: { id: string } }> }>(
      'GET',
      '/v1/cases?crmId=ORDER-778899',
    );
    expect(imported.items).toHaveLength(1);
    const orderCase = imported.items[0];

    const onFacebook = 'My order ORD-778899 went to my old address!';
    await story.post({ platform: 'facebook', authorId: '9100001', text: onFacebook });
    const afterFacebook = await story.caseWhen(
      orderCase.id,
      (c) => c.entries.some((e) => e.text === onFacebook) && c.workItem !== null,
      'the Facebook post on the order case, queued',
    );
    expect(afterFacebook.workItem).toMatchObject({ queue: 'orders', status: 'queued' });

    const onX = '@brand still waiting: order ORD-778899 was shipped to the wrong address';
    await story.post({ authorId: '9100002', authorHandle: 'olga_x', text: onX });
    const afterX = await story.caseWhen(
      orderCase.id,
      (c) => c.entries.some((e) => e.text === onX),
      'the X post on the order case',
    );
    expect(afterX.entries.filter((e) => e.kind === 'mention').map((e) => e.platform)).toEqual([
      'facebook',
      'x',
    ]);
    expect(afterX.workItem).toMatchObject({ id: afterFacebook.workItem!.id, queue: 'orders' });
    const open = await story.ok<{ total: number }>('GET', '/v1/cases?status=open');
    expect(open.total).toBe(1);
  });
});
