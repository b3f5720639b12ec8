import type { SlaFiringItem } from '@scb/persistence';
import { EMPTY_POLICY, SlaPolicySchema, type RoutingPolicy } from '@scb/routing';
import { InMemoryUnitOfWork, RecordingWorkQueueChanges } from '@scb/testing';
import { FireSlaStage } from './fire-sla-stage.usecase';

/** The SLA tables and the item in memory: each (item, kind, stage) recorded once. */
class FakeSla {
  events = new Map<string, unknown>();
  notifications: Array<{ eventId: string; target: string; channel: string }> = [];
  queues = new Set(['desk', 'escalations']);

  constructor(public item: SlaFiringItem | null) {}

  async lockItem() {
    return this.item ? { ...this.item } : null;
  }

  async queueExists(name: string) {
    return this.queues.has(name);
  }

  async recordEvent(event: { timer: { kind: string; stage: string }; escalation: unknown }) {
    const key = `${event.timer.kind}.${event.timer.stage}`;
    if (this.events.has(key)) return null;
    this.events.set(key, event.escalation);
    return key;
  }

  async addNotifications(eventId: string, targets: Array<{ target: string; channel: string }>) {
    this.notifications.push(...targets.map((t) => ({ eventId, ...t })));
  }

  async moveItem(_id: string, to: { priority: number; queue: string }) {
    Object.assign(this.item!, to);
  }
}

const item = (over: Partial<SlaFiringItem> = {}): SlaFiringItem => ({
  id: 'wi-1',
  caseId: 'case-1',
  caseNumber: 'C-1',
  channel: 'social',
  queue: 'desk',
  priority: 4,
  status: 'queued',
  firstRespondedAt: null,
  ...over,
});
const policy: RoutingPolicy = {
  ...EMPTY_POLICY,
  queues: [
    {
      name: 'desk',
      sla: SlaPolicySchema.parse({
        escalation: { toQueue: 'escalations', notify: ['supervisors', 'https://hooks.example/x'] },
      }),
    },
  ] as RoutingPolicy['queues'],
};
const timer = (
  stage: 'atRisk' | 'breached',
  kind: 'firstResponse' | 'resolution' = 'firstResponse',
) => ({
  workItemId: 'wi-1',
  kind,
  stage,
  dueAt: '2026-01-01T00:00:00.000Z',
});

describe('FireSlaStage', () => {
  const setup = (firing: SlaFiringItem | null, failDelivery = false) => {
    const uow = new InMemoryUnitOfWork();
    const sla = new FakeSla(firing);
    const changes = new RecordingWorkQueueChanges(uow);
    const dispatched: string[] = [];
    // What armNext was asked for, with the units of work committed by then (0 on the first
    // call: armed before its own commit).
    const armed: Array<{ workItemId: string; running: readonly string[]; commits: number }> = [];
    const chain = {
      armNext: async (t: { workItemId: string }, running: readonly string[]) => {
        armed.push({ workItemId: t.workItemId, running, commits: uow.committed });
      },
    };
    const fire = new FireSlaStage(uow, sla, { current: async () => policy }, changes, chain, {
      dispatch: async (t) => {
        dispatched.push(`${t.kind}.${t.stage}`);
        if (failDelivery) throw new Error('supervisors are down');
      },
    });
    return { uow, sla, changes, dispatched, armed, fire };
  };

  it('records an at-risk stage once, without escalating', async () => {
    const { sla, changes, dispatched, fire } = setup(item());
    await expect(fire.execute(timer('atRisk'))).resolves.toEqual({ fired: true, escalated: false });
    await expect(fire.execute(timer('atRisk'))).resolves.toEqual({
      fired: false,
      escalated: false,
    });
    expect([...sla.events]).toEqual([['firstResponse.atRisk', null]]);
    expect(sla.item).toMatchObject({ queue: 'desk', priority: 4 });
    expect(changes.committed).toEqual([]);
    expect(dispatched).toEqual([]);
  });

  it('escalates a waiting item on breach, with its notifications and BullMQ move, once', async () => {
    const { sla, changes, dispatched, fire } = setup(item());
    await expect(fire.execute(timer('breached'))).resolves.toEqual({
      fired: true,
      escalated: true,
    });
    expect(sla.item).toMatchObject({ queue: 'escalations', priority: 3 });
    expect(sla.events.get('firstResponse.breached')).toEqual({
      priority: [4, 3],
      queue: ['desk', 'escalations'],
      notify: ['supervisors', 'https://hooks.example/x'],
    });
    expect(sla.notifications).toEqual([
      { eventId: 'firstResponse.breached', target: 'supervisors', channel: 'in-app' },
      { eventId: 'firstResponse.breached', target: 'https://hooks.example/x', channel: 'webhook' },
    ]);
    expect(changes.committed).toEqual([{ workItemId: 'wi-1', fromQueue: 'desk' }]);
    // A redelivered timer changes nothing but still delivers what is pending.
    await expect(fire.execute(timer('breached'))).resolves.toEqual({
      fired: false,
      escalated: false,
    });
    expect(changes.committed).toHaveLength(1);
    expect(dispatched).toEqual(['firstResponse.breached', 'firstResponse.breached']);
  });

  it('keeps a held item with its agent (no BullMQ change) and ignores met or unknown items', async () => {
    const held = setup(item({ status: 'assigned' }));
    await expect(held.fire.execute(timer('breached'))).resolves.toEqual({
      fired: true,
      escalated: true,
    });
    expect(held.sla.item).toMatchObject({ queue: 'desk', priority: 3 });
    expect(held.changes.committed).toEqual([]);

    const answered = setup(item({ firstRespondedAt: new Date() }));
    await expect(answered.fire.execute(timer('breached'))).resolves.toEqual({
      fired: false,
      escalated: false,
    });
    expect(answered.sla.events.size).toBe(0);
    await expect(setup(null).fire.execute(timer('atRisk'))).resolves.toEqual({
      fired: false,
      escalated: false,
    });
  });

  it("arms the item's next stage in the stage's unit of work, for the clocks still running", async () => {
    const waiting = setup(item());
    await waiting.fire.execute(timer('atRisk'));
    // Redelivered: the same next stage is asked for again (the job id keeps one timer).
    await waiting.fire.execute(timer('atRisk'));
    expect(waiting.armed).toEqual([
      { workItemId: 'wi-1', running: ['firstResponse', 'resolution'], commits: 0 },
      { workItemId: 'wi-1', running: ['firstResponse', 'resolution'], commits: 1 },
    ]);
    // Answered: the first-response stage is met, and only the resolution clock runs on.
    const answered = setup(item({ firstRespondedAt: new Date() }));
    await answered.fire.execute(timer('breached'));
    expect(answered.armed).toEqual([{ workItemId: 'wi-1', running: ['resolution'], commits: 0 }]);
    const completed = setup(item({ status: 'completed' }));
    await completed.fire.execute(timer('atRisk', 'resolution'));
    expect(completed.armed).toEqual([{ workItemId: 'wi-1', running: [], commits: 0 }]);
    const unknown = setup(null);
    await unknown.fire.execute(timer('atRisk'));
    expect(unknown.armed).toEqual([]);
  });

  it('arms the next stage from the timer alone when its unit of work fails, and fails the job', async () => {
    const down = setup(item());
    down.sla.lockItem = async () => {
      throw new Error('connection terminated');
    };
    await expect(down.fire.execute(timer('atRisk'))).rejects.toThrow('connection terminated');
    expect(down.armed).toEqual([
      { workItemId: 'wi-1', running: ['firstResponse', 'resolution'], commits: 0 },
    ]);
    expect(down.sla.events.size).toBe(0);
  });

  it('fails the timer job when a webhook fails, after the breach itself committed', async () => {
    const { uow, sla, fire } = setup(item(), true);
    await expect(fire.execute(timer('breached'))).rejects.toThrow('supervisors are down');
    expect(uow.committed).toBe(1);
    expect(sla.events.has('firstResponse.breached')).toBe(true);
  });
});
