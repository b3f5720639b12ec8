import { ConflictError, NotFoundError } from '@scb/core';
import type { ClaimNextWorkResult } from '@scb/work-queues';
import { InMemoryAgents, InMemoryWorkAssignments, ManualClock } from '@scb/testing';
import { TakeNextWork } from './take-next-work.usecase';

const takeNext = (result: ClaimNextWorkResult) => {
  const asked: string[] = [];
  const useCase = new TakeNextWork({
    async execute(command) {
      asked.push(command.agentId);
      return result;
    },
  });
  return { useCase, asked };
};

describe('TakeNextWork', () => {
  it('hands out the item the claim picked', async () => {
    const clock = new ManualClock();
    const item = new InMemoryWorkAssignments(new InMemoryAgents(clock), clock).add({
      id: 'w-1',
      agentId: 'a-1',
    });
    const { useCase, asked } = takeNext({ kind: 'assigned', item });
    await expect(useCase.execute({ agentId: 'a-1' })).resolves.toEqual(item);
    expect(asked).toEqual(['a-1']);
  });

  it('resolves to null when nothing waiting fits', async () => {
    await expect(
      takeNext({ kind: 'empty' }).useCase.execute({ agentId: 'a-1' }),
    ).resolves.toBeNull();
  });

  it('throws NotFoundError for an unknown agent', async () => {
    const { useCase } = takeNext({ kind: 'unknown-agent' });
    await expect(useCase.execute({ agentId: 'a-x' })).rejects.toThrow(
      new NotFoundError('agent a-x does not exist'),
    );
  });

  it('throws ConflictError with the capacity rule reason when the agent cannot take work', async () => {
    const { useCase } = takeNext({ kind: 'refused', reason: 'agent is offline' });
    const error = await useCase.execute({ agentId: 'a-1' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as Error).message).toBe('agent is offline');
  });
});
