import type { AgentLoad, AssignedWorkItem, ClaimFilter } from '@scb/persistence';
import { InMemoryUnitOfWork, RecordingWorkQueueChanges } from '@scb/testing';
import { ClaimNextWork } from './claim-next-work.usecase';

const item = (id: string, queue = 'default'): AssignedWorkItem => ({
  id,
  caseId: `case-${id}`,
  caseNumber: 'C-1',
  queue,
  channel: 'social',
  priority: 3,
  status: 'assigned',
  agentId: 'agent',
  queuedAt: null,
  assignedAt: null,
  acceptedAt: null,
  updates: 0,
  sla: { firstResponseDueAt: null, resolutionDueAt: null, firstRespondedAt: null },
});

/** One agent and the items waiting for them, as the repository would hand them out. */
class FakeAssignments {
  lockedInUnit: boolean[] = [];
  filters: ClaimFilter[] = [];

  constructor(
    private readonly uow: InMemoryUnitOfWork,
    public load: AgentLoad | null,
    public waiting: AssignedWorkItem[] = [],
  ) {}

  async lockAgent(): Promise<AgentLoad | null> {
    // The lock only holds inside a unit of work: afterCommit throws outside one.
    this.lockedInUnit.push(this.inUnit());
    return this.load;
  }

  async claimBest(_agentId: string, filter: ClaimFilter): Promise<AssignedWorkItem | null> {
    this.filters.push(filter);
    return this.waiting.shift() ?? null;
  }

  private inUnit(): boolean {
    try {
      this.uow.afterCommit(() => undefined);
      return true;
    } catch {
      return false;
    }
  }
}

const available: AgentLoad = {
  presence: 'available',
  queues: ['default', 'vip'],
  skills: ['fr'],
  capacity: { phone: 1, social: 2 },
  holding: { phone: 1 },
};

describe('ClaimNextWork', () => {
  const setup = (load: AgentLoad | null, waiting: AssignedWorkItem[] = []) => {
    const uow = new InMemoryUnitOfWork();
    const assignments = new FakeAssignments(uow, load, waiting);
    const changes = new RecordingWorkQueueChanges(uow);
    return { uow, assignments, changes, claim: new ClaimNextWork(uow, assignments, changes) };
  };

  it('hands out the best item that fits, in one unit with its BullMQ removal', async () => {
    const { uow, assignments, changes, claim } = setup(available, [item('w1', 'vip')]);
    await expect(claim.execute({ agentId: 'agent' })).resolves.toEqual({
      kind: 'assigned',
      item: item('w1', 'vip'),
    });
    expect(assignments.lockedInUnit).toEqual([true]);
    // Only channels with room: the agent holds their one phone call.
    expect(assignments.filters).toEqual([
      { queues: ['default', 'vip'], channels: ['social'], skills: ['fr'] },
    ]);
    expect(changes.committed).toEqual([{ workItemId: 'w1', fromQueue: 'vip' }]);
    expect(uow.committed).toBe(1);
  });

  it('says why nothing was handed out, and records no change', async () => {
    const away = setup({ ...available, presence: 'away' }, [item('w1')]);
    await expect(away.claim.execute({ agentId: 'agent' })).resolves.toEqual({
      kind: 'refused',
      reason: 'agent is away; only available agents are handed work',
    });
    expect(away.assignments.filters).toEqual([]);

    const full = setup({ ...available, holding: { phone: 1, social: 2 } }, [item('w1')]);
    await expect(full.claim.execute({ agentId: 'agent' })).resolves.toMatchObject({
      kind: 'refused',
      reason: expect.stringContaining('at capacity'),
    });

    const unknown = setup(null);
    await expect(unknown.claim.execute({ agentId: 'nobody' })).resolves.toEqual({
      kind: 'unknown-agent',
    });

    const empty = setup(available, []);
    await expect(empty.claim.execute({ agentId: 'agent' })).resolves.toEqual({ kind: 'empty' });
    for (const s of [away, full, unknown, empty]) expect(s.changes.committed).toEqual([]);
  });
});
