import type { AgentLoad, AssignedWorkItem, HandOut } from '@scb/persistence';
import { InMemoryUnitOfWork } from '@scb/testing';
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

const available: AgentLoad = {
  presence: 'available',
  queues: ['default', 'vip'],
  skills: ['fr'],
  capacity: { phone: 1, social: 2 },
  holding: { phone: 1 },
};

/** Answers each hand-out statement with the next scripted result, as the repository would. */
class ScriptedAssignments {
  /** Per statement: whether it ran inside a unit of work. */
  inUnit: boolean[] = [];
  constructor(
    private readonly uow: InMemoryUnitOfWork,
    private readonly answers: Array<HandOut | null>,
  ) {}

  get calls(): number {
    return this.inUnit.length;
  }

  async claimNext(): Promise<HandOut | null> {
    try {
      this.uow.afterCommit(() => undefined);
      this.inUnit.push(true);
    } catch {
      this.inUnit.push(false);
    }
    return this.answers.shift() ?? null;
  }
}

class RecordingProjector {
  readonly projected: string[][] = [];
  projectInBackground(ids: string[]): void {
    this.projected.push(ids);
  }
}

describe('ClaimNextWork', () => {
  const setup = (...answers: Array<HandOut | null>) => {
    const uow = new InMemoryUnitOfWork();
    const assignments = new ScriptedAssignments(uow, answers);
    const projector = new RecordingProjector();
    return { uow, assignments, projector, claim: new ClaimNextWork(uow, assignments, projector) };
  };

  it('hands out the item the statement claimed and projects its BullMQ removal in the background', async () => {
    const { assignments, projector, claim } = setup({
      current: true,
      load: available,
      item: item('w1', 'vip'),
      changeId: '42',
    });
    await expect(claim.execute({ agentId: 'agent' })).resolves.toEqual({
      kind: 'assigned',
      item: item('w1', 'vip'),
    });
    // One statement, outside any unit of work (no transaction round trips).
    expect(assignments.inUnit).toEqual([false]);
    expect(projector.projected).toEqual([['42']]);
  });

  it('redoes a hand-out that a concurrent one to the same agent overtook, in a unit of work', async () => {
    const { assignments, claim } = setup(
      { current: false, load: available, item: null, changeId: null },
      { current: false, load: available, item: null, changeId: null },
      { current: true, load: available, item: item('w2'), changeId: '7' },
    );
    await expect(claim.execute({ agentId: 'agent' })).resolves.toMatchObject({
      kind: 'assigned',
      item: { id: 'w2' },
    });
    // The first retry takes the agent's lock and keeps it: the second sees every hand-out.
    expect(assignments.inUnit).toEqual([false, true, true]);
  });

  it('gives up with an error when the race never ends', async () => {
    const stale = { current: false, load: available, item: null, changeId: null };
    const { assignments, claim } = setup(...Array.from({ length: 25 }, () => stale));
    await expect(claim.execute({ agentId: 'agent' })).rejects.toThrow('kept racing');
    expect(assignments.calls).toBe(6);
  });

  it('says why nothing was handed out, and projects nothing', async () => {
    const away = setup({
      current: true,
      load: { ...available, presence: 'away' },
      item: null,
      changeId: null,
    });
    await expect(away.claim.execute({ agentId: 'agent' })).resolves.toEqual({
      kind: 'refused',
      reason: 'agent is away; only available agents are handed work',
    });

    const full = setup({
      current: true,
      load: { ...available, holding: { phone: 1, social: 2 } },
      item: null,
      changeId: null,
    });
    await expect(full.claim.execute({ agentId: 'agent' })).resolves.toMatchObject({
      kind: 'refused',
      reason: expect.stringContaining('at capacity'),
    });

    const unknown = setup(null);
    await expect(unknown.claim.execute({ agentId: 'nobody' })).resolves.toEqual({
      kind: 'unknown-agent',
    });

    const empty = setup({ current: true, load: available, item: null, changeId: null });
    await expect(empty.claim.execute({ agentId: 'agent' })).resolves.toEqual({ kind: 'empty' });
    for (const s of [away, full, unknown, empty]) expect(s.projector.projected).toEqual([]);
  });
});
