import { ConflictError } from '@scb/core';
import {
  InMemoryAgents,
  InMemoryUnitOfWork,
  InMemoryWorkAssignments,
  ManualClock,
  RecordingWorkQueueChanges,
} from '@scb/testing';
import { PutBackWork } from './put-back-work.usecase';

describe('PutBackWork', () => {
  const setUp = () => {
    const clock = new ManualClock();
    const agents = new InMemoryAgents(clock);
    const assignments = new InMemoryWorkAssignments(agents, clock);
    agents.add({ id: 'a-1' });
    assignments.add({ id: 'w-1', agentId: 'a-1', queue: 'billing' });
    const uow = new InMemoryUnitOfWork();
    const changes = new RecordingWorkQueueChanges(uow);
    return { changes, putBack: new PutBackWork(uow, assignments, changes) };
  };

  it('puts the item back in its own queue and records its return with the change', async () => {
    const { changes, putBack } = setUp();
    const item = await putBack.execute({ itemId: 'w-1', agentId: 'a-1' });
    expect(item).toMatchObject({ status: 'queued', agentId: null, queue: 'billing' });
    expect(changes.committed).toEqual([{ workItemId: 'w-1', fromQueue: null }]);
  });

  it('moves the item to another queue (a transfer to a queue)', async () => {
    const { putBack } = setUp();
    const item = await putBack.execute({ itemId: 'w-1', agentId: 'a-1', toQueue: 'vip' });
    expect(item).toMatchObject({ status: 'queued', queue: 'vip' });
  });

  it('throws ConflictError and records nothing when the agent does not hold the item', async () => {
    const { changes, putBack } = setUp();
    await expect(putBack.execute({ itemId: 'w-1', agentId: 'a-2' })).rejects.toThrow(ConflictError);
    expect(changes.committed).toEqual([]);
  });
});
