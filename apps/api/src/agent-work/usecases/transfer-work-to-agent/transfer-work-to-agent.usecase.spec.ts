import { ConflictError, NotFoundError } from '@scb/core';
import {
  InMemoryAgents,
  InMemoryUnitOfWork,
  InMemoryWorkAssignments,
  ManualClock,
} from '@scb/testing';
import { TransferWorkToAgent } from './transfer-work-to-agent.usecase';

describe('TransferWorkToAgent', () => {
  const setUp = () => {
    const clock = new ManualClock();
    const agents = new InMemoryAgents(clock);
    const assignments = new InMemoryWorkAssignments(agents, clock);
    agents.add({ id: 'a-1' });
    agents.add({ id: 'a-2' });
    assignments.add({ id: 'w-1', agentId: 'a-1', acceptedAt: clock.now() });
    const uow = new InMemoryUnitOfWork();
    return { uow, transfer: new TransferWorkToAgent(uow, assignments, agents) };
  };

  it('hands the item to the other agent, who must accept it anew', async () => {
    const { uow, transfer } = setUp();
    const item = await transfer.execute({ itemId: 'w-1', agentId: 'a-1', toAgentId: 'a-2' });
    expect(item).toMatchObject({ agentId: 'a-2', status: 'assigned', acceptedAt: null });
    expect(uow.committed).toBe(1);
  });

  it('throws NotFoundError when the receiving agent does not exist', async () => {
    const { transfer } = setUp();
    await expect(
      transfer.execute({ itemId: 'w-1', agentId: 'a-1', toAgentId: 'a-x' }),
    ).rejects.toThrow(new NotFoundError('agent a-x does not exist'));
  });

  it('throws ConflictError when the giving agent does not hold the item', async () => {
    const { transfer } = setUp();
    await expect(
      transfer.execute({ itemId: 'w-1', agentId: 'a-2', toAgentId: 'a-1' }),
    ).rejects.toThrow(ConflictError);
  });
});
