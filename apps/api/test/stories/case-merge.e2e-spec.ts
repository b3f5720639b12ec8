import { STORY_ADMIN, StoryClient, storyConfig, waitFor } from '@scb/testing';
import { PipelineHarness } from '../pipeline.harness';

interface QueueList {
  queues: Array<{
    name: string;
    counts: { queued: number; assigned: number };
    bullmq: { waiting: number; prioritized: number };
  }>;
}

/**
 * Issue 12, point 5: two customers (a phone case and a social case) are one person; the admin
 * merges them: one case (the oldest), one work item (the agent holding the call keeps it), one
 * timeline with both histories, and the next post goes to that case and updates her item.
 */
describe('story: two customers merged, their cases too', () => {
  const pipeline = new PipelineHarness(storyConfig());
  let story: StoryClient;

  beforeAll(async () => {
    await pipeline.start();
    story = await StoryClient.of(pipeline);
  }, 180_000);
  afterAll(() => pipeline.stop());

  it('merges a phone case and a social case into one, keeping the holder', async () => {
    const call = await story.phoneCall({
      callerNumber: '+13125550188',
      note: 'Modem drops every evening',
    });
    const agentId = await story.newAgent('Bea');
    const held = await story.next(agentId);
    expect(held.caseId).toBe(call.case.id);

    const author = `6${Date.now()}`;
    await story.postOnX(author, '@brand my internet keeps dropping, nobody helps');
    const social = await story.openCaseOfHandle(`user${author}`);
    expect(social.customer.id).not.toBe(call.customer.id);

    const merged = await story.expectCall<{
      caseMerge: { caseId: string; mergedCaseIds: string[]; keptWorkItemId: string };
    }>(200, 'POST', `/v1/customers/${social.customer.id}/merge`, {
      intoCustomerId: call.customer.id,
      reason: 'same person: the X account gave the phone number in a DM',
    });

    expect(merged.caseMerge).toMatchObject({
      caseId: call.case.id,
      mergedCaseIds: [social.id],
      keptWorkItemId: held.id,
    });
    const one = await story.timeline(call.case.id);
    expect(one.workItem).toMatchObject({ id: held.id, status: 'assigned', agentId });
    expect(one.entries.map((e) => [e.kind, e.from])).toEqual(
      expect.arrayContaining([
        ['phone', 'this-case'],
        ['mention', 'merged-case'],
        ['event', 'this-case'],
      ]),
    );
    expect(one.entries).toContainEqual(
      expect.objectContaining({
        kind: 'event',
        text: `${social.caseNumber} merged into this case by ${STORY_ADMIN.email}`,
      }),
    );
    const gone = await story.timeline(social.caseNumber);
    expect(gone).toMatchObject({ status: 'merged', mergedInto: { id: call.case.id } });
    await waitFor(
      async () => {
        const queues = await story.expectCall<QueueList>(200, 'GET', '/v1/queues');
        const shared = queues.queues.find((q) => q.name === 'default')!;
        return (
          shared.counts.queued === 0 &&
          shared.counts.assigned === 1 &&
          shared.bullmq.waiting + shared.bullmq.prioritized === 0
        );
      },
      { timeoutMs: 30_000, what: 'one active item, held, and no job waiting' },
    );

    // The customer posts again, naming the merged case: it reaches the surviving case, and the
    // agent holding it sees the update on her item (routing continuity).
    await story.postOnX(author, `@brand still down, see ${social.caseNumber}`);
    await waitFor(
      async () => {
        const work = await story.expectCall<{ items: Array<{ id: string; updates: number }> }>(
          200,
          'GET',
          `/v1/agents/${agentId}/work`,
        );
        return work.items.length === 1 && work.items[0].id === held.id && work.items[0].updates > 0;
      },
      { timeoutMs: 90_000, what: "the post counted as an update on the holder's item" },
    );
    const after = await story.timeline(call.case.id);
    expect(
      after.entries.filter((e) => e.kind === 'mention' && e.from === 'this-case'),
    ).toHaveLength(1);
  });
});
