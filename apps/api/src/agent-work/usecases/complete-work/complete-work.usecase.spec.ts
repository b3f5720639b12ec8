import { ConflictError } from '@scb/core';
import { InMemoryAgents, InMemoryWorkAssignments, ManualClock } from '@scb/testing';
import { CompleteWork } from './complete-work.usecase';

describe('CompleteWork', () => {
  const setUp = () => {
    const clock = new ManualClock();
    const agents = new InMemoryAgents(clock);
    const assignments = new InMemoryWorkAssignments(agents, clock);
    agents.add({ id: 'a-1' });
    assignments.add({ id: 'w-1', agentId: 'a-1', caseId: 'c-1' });
    const stopped: Array<{ id: string; kinds: string[]; completedBefore: boolean }> = [];
    const sla = {
      async stop(id: string, kinds: Array<'firstResponse' | 'resolution'>) {
        // The statement that completes the item and resolves its case has run by then.
        const completedBefore =
          assignments.items.get(id)?.status === 'completed' &&
          assignments.resolvedCases.includes('c-1');
        stopped.push({ id, kinds, completedBefore });
      },
    };
    return { assignments, stopped, completeWork: new CompleteWork(assignments, sla) };
  };

  it('completes the item and resolves its case (one statement), then stops both SLA clocks', async () => {
    const { assignments, stopped, completeWork } = setUp();
    const item = await completeWork.execute({
      itemId: 'w-1',
      agentId: 'a-1',
      resolutionCode: 'solved',
    });
    expect(item).toMatchObject({ id: 'w-1', status: 'completed' });
    expect(assignments.resolvedCases).toEqual(['c-1']);
    expect(stopped).toEqual([
      { id: 'w-1', kinds: ['firstResponse', 'resolution'], completedBefore: true },
    ]);
  });

  it('throws ConflictError and stops no clock when the agent does not hold the item', async () => {
    const { assignments, stopped, completeWork } = setUp();
    await expect(
      completeWork.execute({ itemId: 'w-1', agentId: 'a-2', resolutionCode: 'solved' }),
    ).rejects.toThrow(ConflictError);
    expect(assignments.resolvedCases).toEqual([]);
    expect(stopped).toEqual([]);
  });
});
