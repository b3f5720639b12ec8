import { ConflictError } from '@scb/core';
import {
  InMemoryAgents,
  InMemoryUnitOfWork,
  InMemoryWorkAssignments,
  ManualClock,
} from '@scb/testing';
import { CompleteWork } from './complete-work.usecase';

describe('CompleteWork', () => {
  const setUp = () => {
    const clock = new ManualClock();
    const agents = new InMemoryAgents(clock);
    const assignments = new InMemoryWorkAssignments(agents, clock);
    agents.add({ id: 'a-1' });
    assignments.add({ id: 'w-1', agentId: 'a-1', caseId: 'c-1' });
    const uow = new InMemoryUnitOfWork();
    const stopped: Array<{ id: string; kinds: string[]; committedBefore: number }> = [];
    const sla = {
      async stop(id: string, kinds: Array<'firstResponse' | 'resolution'>) {
        stopped.push({ id, kinds, committedBefore: uow.committed });
      },
    };
    return { assignments, uow, stopped, completeWork: new CompleteWork(uow, assignments, sla) };
  };

  it('completes the item and resolves its case in one unit, then stops both SLA clocks', async () => {
    const { assignments, uow, stopped, completeWork } = setUp();
    const item = await completeWork.execute({
      itemId: 'w-1',
      agentId: 'a-1',
      resolutionCode: 'solved',
    });
    expect(item).toMatchObject({ id: 'w-1', status: 'completed' });
    expect(assignments.resolvedCases).toEqual(['c-1']);
    expect(uow.committed).toBe(1);
    expect(stopped).toEqual([
      { id: 'w-1', kinds: ['firstResponse', 'resolution'], committedBefore: 1 },
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
