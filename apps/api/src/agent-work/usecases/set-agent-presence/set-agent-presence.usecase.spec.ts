import { NotFoundError } from '@scb/core';
import { InMemoryAgents, InMemoryUnitOfWork, ManualClock } from '@scb/testing';
import { SetAgentPresence } from './set-agent-presence.usecase';

describe('SetAgentPresence', () => {
  const setUp = () => {
    const clock = new ManualClock();
    const agents = new InMemoryAgents(clock);
    agents.add({ id: 'a-1', presence: 'away' });
    const uow = new InMemoryUnitOfWork();
    const sweeps: number[] = [];
    const returnAbandoned = {
      async execute() {
        sweeps.push(uow.committed);
        return 0;
      },
    };
    return { agents, uow, sweeps, setPresence: new SetAgentPresence(uow, agents, returnAbandoned) };
  };

  it('sets the presence in a unit of work and sweeps nothing when the agent stays on', async () => {
    const { agents, uow, sweeps, setPresence } = setUp();
    const agent = await setPresence.execute({ agentId: 'a-1', presence: 'available' });
    expect(agent).toMatchObject({ id: 'a-1', presence: 'available' });
    expect(agents.byId.get('a-1')?.presence).toBe('available');
    expect(uow.committed).toBe(1);
    expect(sweeps).toEqual([]);
  });

  it('returns unaccepted work once going offline is committed', async () => {
    const { sweeps, setPresence } = setUp();
    await setPresence.execute({ agentId: 'a-1', presence: 'offline' });
    expect(sweeps).toEqual([1]);
  });

  it('throws NotFoundError for an unknown agent, and sweeps nothing', async () => {
    const { sweeps, setPresence } = setUp();
    await expect(setPresence.execute({ agentId: 'a-x', presence: 'offline' })).rejects.toThrow(
      new NotFoundError('agent a-x does not exist'),
    );
    expect(sweeps).toEqual([]);
  });
});
