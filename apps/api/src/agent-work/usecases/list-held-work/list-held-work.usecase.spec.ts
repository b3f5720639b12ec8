import { NotFoundError } from '@scb/core';
import { InMemoryAgents, InMemoryWorkAssignments, ManualClock } from '@scb/testing';
import { ListHeldWork } from './list-held-work.usecase';

describe('ListHeldWork', () => {
  const clock = new ManualClock();
  const agents = new InMemoryAgents(clock);
  const assignments = new InMemoryWorkAssignments(agents, clock);
  agents.add({ id: 'a-1' });
  agents.add({ id: 'a-2' });
  assignments.add({ id: 'w-1', agentId: 'a-1' });
  assignments.add({ id: 'w-2', agentId: 'a-2' });
  assignments.add({ id: 'w-3' });
  const listHeld = new ListHeldWork(agents, assignments);

  it('lists only what the agent holds, unpaged', async () => {
    const list = await listHeld.execute({ agentId: 'a-1' });
    expect(list.items.map((i) => i.id)).toEqual(['w-1']);
    expect(list).toMatchObject({ total: 1, limit: 1, offset: 0 });
  });

  it('throws NotFoundError for an unknown agent', async () => {
    await expect(listHeld.execute({ agentId: 'a-x' })).rejects.toThrow(NotFoundError);
  });
});
