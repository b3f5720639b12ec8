import { ConflictError } from '@scb/core';
import {
  InMemoryAgents,
  InMemoryUnitOfWork,
  InMemoryWorkAssignments,
  ManualClock,
} from '@scb/testing';
import { AcceptWork } from './accept-work.usecase';

describe('AcceptWork', () => {
  const setUp = () => {
    const clock = new ManualClock();
    const agents = new InMemoryAgents(clock);
    const assignments = new InMemoryWorkAssignments(agents, clock);
    agents.add({ id: 'a-1' });
    assignments.add({ id: 'w-1', agentId: 'a-1' });
    assignments.add({ id: 'call-1', agentId: 'a-1', channel: 'phone' });
    const uow = new InMemoryUnitOfWork();
    const stopped: Array<{ id: string; kinds: string[]; committedBefore: number }> = [];
    const sla = {
      async stop(id: string, kinds: Array<'firstResponse' | 'resolution'>) {
        stopped.push({ id, kinds, committedBefore: uow.committed });
      },
    };
    return { clock, uow, stopped, acceptWork: new AcceptWork(uow, assignments, sla) };
  };

  it('accepts the held item once, in a unit of work (the first acceptance time stays)', async () => {
    const { clock, uow, acceptWork } = setUp();
    const first = await acceptWork.execute({ itemId: 'w-1', agentId: 'a-1' });
    clock.advance(60_000);
    const again = await acceptWork.execute({ itemId: 'w-1', agentId: 'a-1' });
    expect(first.acceptedAt).toEqual(new Date('2026-01-01T00:00:00.000Z'));
    expect(again.acceptedAt).toEqual(first.acceptedAt);
    expect(uow.committed).toBe(2);
  });

  it('leaves the first response of a social item to the first reply: no clock is stopped', async () => {
    const { stopped, acceptWork } = setUp();
    const item = await acceptWork.execute({ itemId: 'w-1', agentId: 'a-1' });
    expect(item.sla.firstRespondedAt).toBeNull();
    expect(stopped).toEqual([]);
  });

  it('answers a call: records its first response and stops its first-response clock after commit', async () => {
    const { clock, stopped, acceptWork } = setUp();
    const item = await acceptWork.execute({ itemId: 'call-1', agentId: 'a-1' });
    expect(item.sla.firstRespondedAt).toEqual(new Date('2026-01-01T00:00:00.000Z'));
    expect(stopped).toEqual([{ id: 'call-1', kinds: ['firstResponse'], committedBefore: 1 }]);
    clock.advance(60_000);
    const again = await acceptWork.execute({ itemId: 'call-1', agentId: 'a-1' });
    expect(again.sla.firstRespondedAt).toEqual(item.sla.firstRespondedAt);
  });

  it('throws ConflictError when the agent does not hold the item, stopping nothing', async () => {
    const { stopped, acceptWork } = setUp();
    await expect(acceptWork.execute({ itemId: 'w-1', agentId: 'a-2' })).rejects.toThrow(
      new ConflictError(
        'work item w-1 is not held by agent a-2 (unknown, completed or handed to someone else)',
      ),
    );
    await expect(acceptWork.execute({ itemId: 'w-x', agentId: 'a-1' })).rejects.toThrow(
      ConflictError,
    );
    expect(stopped).toEqual([]);
  });
});
