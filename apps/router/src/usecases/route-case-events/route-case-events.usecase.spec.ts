import type { CaseEvent } from '@scb/contracts';
import type { EnsuredWorkItem, WorkItemRequest } from '@scb/persistence';
import { EMPTY_POLICY, SlaPolicySchema, type RoutingPolicy, type SlaTimer } from '@scb/routing';
import { InMemoryUnitOfWork, ManualClock, RecordingWorkQueueChanges } from '@scb/testing';
import { RouteCaseEvents } from './route-case-events.usecase';

const event = (caseId: string, over: Partial<CaseEvent> = {}): CaseEvent =>
  ({
    schemaVersion: 1,
    type: 'caseOpened',
    eventId: `event-${caseId}-${over.priority ?? 3}`,
    occurredAt: '2026-01-01T00:00:00.000Z',
    caseId,
    caseNumber: `C-${caseId}`,
    customerId: `customer-${caseId}`,
    channel: 'social',
    priority: 3,
    category: null,
    interactionId: `interaction-${caseId}`,
    platform: 'x',
    externalId: `x-${caseId}`,
    ...over,
  }) as CaseEvent;

/** Work items and processed events in memory, one active item per case as in Postgres. */
class FakeWorkItems {
  processed = new Set<string>();
  items = new Map<string, EnsuredWorkItem>();
  /** Due times each new item was written with. */
  dueTimes = new Map<string, WorkItemRequest['dueTimes']>();

  async claimUnprocessed<E extends { eventId: string }>(_consumer: string, events: E[]) {
    const fresh = events.filter((e) => !this.processed.has(e.eventId));
    for (const e of fresh) this.processed.add(e.eventId);
    return fresh;
  }

  async customerTiers(): Promise<Map<string, string>> {
    return new Map();
  }

  async ensureActive(requests: WorkItemRequest[], at: Date) {
    const raised: EnsuredWorkItem[] = [];
    for (const item of this.items.values()) item.created = false;
    for (const r of requests) {
      const seen = this.items.get(r.caseId);
      if (!seen) {
        this.dueTimes.set(`wi-${r.caseId}`, r.dueTimes ?? null);
        this.items.set(r.caseId, {
          id: `wi-${r.caseId}`,
          caseId: r.caseId,
          caseNumber: `C-${r.caseId}`,
          queue: r.queue,
          channel: r.channel,
          priority: r.priority,
          status: 'queued',
          agentId: null,
          createdAt: at,
          created: true,
          slaUnset: !r.dueTimes,
        });
      } else if (r.priority < seen.priority) {
        seen.priority = r.priority;
        if (seen.status === 'queued') raised.push(seen);
      }
    }
    const active = [...new Set(requests.map((r) => r.caseId))].map((id) => this.items.get(id)!);
    return { active, raised };
  }

  async mentionsPublishedAt(): Promise<Date[]> {
    return [new Date('2025-12-31T23:59:58.000Z')];
  }
}

const request = (caseId: string): WorkItemRequest => ({
  caseId,
  queue: 'default',
  channel: 'social',
  priority: 3,
  requiredSkills: [],
  explanation: 'test',
});

describe('RouteCaseEvents', () => {
  const setup = (policy: RoutingPolicy = EMPTY_POLICY, slaFailure: Error | null = null) => {
    const uow = new InMemoryUnitOfWork();
    const workItems = new FakeWorkItems();
    const changes = new RecordingWorkQueueChanges(uow);
    const started: string[][] = [];
    const armed: Array<{ workItemId: string; timers: SlaTimer[] }> = [];
    const observed: number[] = [];
    const decisions: Array<Record<string, string>> = [];
    const metrics = {
      routerDecisions: { inc: (labels: Record<string, string>) => void decisions.push(labels) },
      mentionToQueue: { observe: (seconds: number) => void observed.push(seconds) },
    };
    const route = new RouteCaseEvents(
      uow,
      workItems,
      { current: async () => policy },
      changes,
      {
        start: async (ids) => {
          if (slaFailure) throw slaFailure;
          if (ids.length > 0) started.push(ids);
        },
        arm: async (items) => {
          if (slaFailure) throw slaFailure;
          armed.push(...items);
        },
      },
      new ManualClock('2026-01-01T00:00:00.000Z'),
      metrics as never,
    );
    return { uow, workItems, changes, started, armed, observed, decisions, route };
  };
  const command = (...events: CaseEvent[]) => ({
    events: events.map((e) => ({ event: e, headers: {} })),
  });

  it('queues each case once and records its BullMQ change in the same unit', async () => {
    const { uow, changes, started, armed, observed, decisions, route } = setup();
    await expect(route.execute(command(event('a'), event('b')))).resolves.toEqual({
      routed: 2,
      queued: 2,
    });
    expect(uow.committed).toBe(1);
    expect(changes.committed).toEqual([
      { workItemId: 'wi-a', fromQueue: null, traceparent: null },
      { workItemId: 'wi-b', fromQueue: null, traceparent: null },
    ]);
    // The default queue has no SLA target: no clock to start.
    expect(started).toEqual([]);
    expect(armed).toEqual([]);
    expect(decisions).toEqual([
      { queue: 'default', outcome: 'queued' },
      { queue: 'default', outcome: 'queued' },
    ]);
    // Latency from the injected clock: published 2 s before "now".
    expect(observed).toEqual([2]);
  });

  it('skips redelivered events, and re-prioritizes an item a more urgent event raised', async () => {
    const { changes, route } = setup();
    const opened = event('a');
    await route.execute(command(opened));
    await expect(route.execute(command(opened))).resolves.toEqual({ routed: 0, queued: 0 });
    await route.execute(command(event('a', { priority: 1 })));
    expect(changes.committed.at(-1)).toEqual({
      workItemId: 'wi-a',
      fromQueue: 'default',
      traceparent: null,
    });
  });

  it('leaves the job of an item an update neither created nor raised as it is', async () => {
    const { changes, route } = setup();
    await route.execute(command(event('a')));
    await route.execute(command(event('a', { type: 'mentionLinked', eventId: 'again' })));
    expect(changes.committed).toHaveLength(1);
  });

  it('writes a new item with its due times and arms its timers; starts an older unset clock', async () => {
    const sla = SlaPolicySchema.parse({
      targets: { '3': { firstResponseSeconds: 60, resolutionSeconds: 3_600 } },
    });
    const withTarget: RoutingPolicy = {
      ...EMPTY_POLICY,
      queues: [{ ...EMPTY_POLICY.queues[0], sla }],
    };
    const { workItems, started, armed, route } = setup(withTarget);
    // An item from before the target existed: its clock is not set.
    workItems.items.set('old', {
      ...(await workItems.ensureActive([{ ...request('old') }], new Date(0))).active[0],
      created: false,
    });
    await route.execute(command(event('a'), event('old')));
    expect(workItems.dueTimes.get('wi-a')).toEqual({
      firstResponseDueAt: new Date('2026-01-01T00:01:00.000Z'),
      resolutionDueAt: new Date('2026-01-01T01:00:00.000Z'),
    });
    expect(armed.map((a) => [a.workItemId, a.timers.length])).toEqual([['wi-a', 4]]);
    expect(armed[0].timers[0]).toEqual({
      kind: 'firstResponse',
      stage: 'atRisk',
      dueAt: new Date('2026-01-01T00:00:48.000Z'),
    });
    expect(started).toEqual([['wi-old']]);
  });

  it('leaves an item an agent holds with that agent: no BullMQ change', async () => {
    const { workItems, changes, decisions, route } = setup();
    await route.execute(command(event('a')));
    workItems.items.get('a')!.status = 'assigned';
    await route.execute(command(event('a', { type: 'mentionLinked', eventId: 'again' })));
    expect(changes.committed).toHaveLength(1);
    expect(decisions.at(-1)).toEqual({ queue: 'default', outcome: 'held' });
  });

  it('commits nothing when a step fails, so the redelivered batch is routed from scratch', async () => {
    // The last step fails, after the events were marked processed and the changes recorded.
    const { uow, changes, route } = setup(EMPTY_POLICY, new Error('Postgres went away'));
    await expect(route.execute(command(event('a')))).rejects.toThrow('Postgres went away');
    expect(uow.rolledBack).toBe(1);
    expect(changes.committed).toEqual([]);
  });
});
