import {
  InMemoryAgents,
  InMemoryUnitOfWork,
  InMemoryWorkAssignments,
  ManualClock,
  RecordingWorkQueueChanges,
} from '@scb/testing';
import { ReturnAbandonedWork } from './return-abandoned-work.usecase';

describe('ReturnAbandonedWork', () => {
  it('returns unaccepted work of offline agents, and of silent ones once handed out longer than the timeout, in one unit', async () => {
    const clock = new ManualClock();
    const agents = new InMemoryAgents(clock);
    const assignments = new InMemoryWorkAssignments(agents, clock);
    agents.add({ id: 'silent' });
    agents.add({ id: 'gone', presence: 'offline' });
    assignments.add({ id: 'w-silent', agentId: 'silent' });
    assignments.add({ id: 'w-accepted', agentId: 'silent', acceptedAt: clock.now() });
    clock.advance(31_000);
    agents.add({ id: 'alive' });
    assignments.add({ id: 'w-gone', agentId: 'gone' });
    assignments.add({ id: 'w-alive', agentId: 'alive' });
    // Handed out just now: asking for work is a sign of life, even from a silent agent.
    assignments.add({ id: 'w-fresh', agentId: 'silent' });
    const uow = new InMemoryUnitOfWork();
    const changes = new RecordingWorkQueueChanges(uow);
    const returnAbandoned = new ReturnAbandonedWork(uow, assignments, changes, 30);

    await expect(returnAbandoned.execute()).resolves.toBe(2);
    expect(uow.committed).toBe(1);
    expect(changes.committed).toEqual([
      { workItemId: 'w-silent', fromQueue: null },
      { workItemId: 'w-gone', fromQueue: null },
    ]);
    expect(assignments.items.get('w-alive')).toMatchObject({ agentId: 'alive' });
    expect(assignments.items.get('w-accepted')).toMatchObject({ agentId: 'silent' });
    expect(assignments.items.get('w-fresh')).toMatchObject({ agentId: 'silent' });

    await expect(returnAbandoned.execute()).resolves.toBe(0);
    expect(changes.committed).toHaveLength(2);
  });
});
