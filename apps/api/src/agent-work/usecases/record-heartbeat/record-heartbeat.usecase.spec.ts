import { NotFoundError } from '@scb/core';
import { InMemoryAgents, InMemoryUnitOfWork, ManualClock } from '@scb/testing';
import { RecordHeartbeat } from './record-heartbeat.usecase';

describe('RecordHeartbeat', () => {
  it('records the heartbeat at the current time, in a unit of work', async () => {
    const clock = new ManualClock();
    const agents = new InMemoryAgents(clock);
    agents.add({ id: 'a-1' });
    clock.advance(5_000);
    const uow = new InMemoryUnitOfWork();
    await new RecordHeartbeat(uow, agents).execute({ agentId: 'a-1' });
    expect(agents.byId.get('a-1')?.lastHeartbeatAt).toEqual(clock.now());
    expect(uow.committed).toBe(1);
  });

  it('throws NotFoundError for an unknown agent', async () => {
    const clock = new ManualClock();
    await expect(
      new RecordHeartbeat(new InMemoryUnitOfWork(), new InMemoryAgents(clock)).execute({
        agentId: 'a-x',
      }),
    ).rejects.toThrow(new NotFoundError('agent a-x does not exist'));
  });
});
