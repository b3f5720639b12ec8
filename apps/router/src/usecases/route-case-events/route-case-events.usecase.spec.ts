import type { CaseEvent } from '@scb/contracts';
import type { ActiveWorkItem, WorkItemRequest } from '@scb/persistence';
import { EMPTY_POLICY, type RoutingPolicy } from '@scb/routing';
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
  items = new Map<string, ActiveWorkItem>();

  async claimUnprocessed<E extends { eventId: string }>(_consumer: string, events: E[]) {
    const fresh = events.filter((e) => !this.processed.has(e.eventId));
    for (const e of fresh) this.processed.add(e.eventId);
    return fresh;
  }

  async customerTiers(): Promise<Map<string, string>> {
    return new Map();
  }

  async ensureActive(requests: WorkItemRequest[]) {
    const raised: ActiveWorkItem[] = [];
    for (const r of requests) {
      const seen = this.items.get(r.caseId);
      if (!seen) {
        this.items.set(r.caseId, {
          id: `wi-${r.caseId}`,
          caseId: r.caseId,
          caseNumber: `C-${r.caseId}`,
          queue: r.queue,
          channel: r.channel,
          priority: r.priority,
          status: 'queued',
          agentId: null,
          createdAt: new Date(0),
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

describe('RouteCaseEvents', () => {
  const setup = (policy: RoutingPolicy = EMPTY_POLICY, slaFailure: Error | null = null) => {
    const uow = new InMemoryUnitOfWork();
    const workItems = new FakeWorkItems();
    const changes = new RecordingWorkQueueChanges(uow);
    const started: string[][] = [];
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
          started.push(ids);
        },
      },
      new ManualClock('2026-01-01T00:00:00.000Z'),
      metrics as never,
    );
    return { uow, workItems, changes, started, observed, decisions, route };
  };
  const command = (...events: CaseEvent[]) => ({
    events: events.map((e) => ({ event: e, headers: {} })),
  });

  it('queues each case once, records its BullMQ change and SLA start in the same unit', async () => {
    const { uow, changes, started, observed, decisions, route } = setup();
    await expect(route.execute(command(event('a'), event('b')))).resolves.toEqual({
      routed: 2,
      queued: 2,
    });
    expect(uow.committed).toBe(1);
    expect(changes.committed).toEqual([
      { workItemId: 'wi-a', fromQueue: null, traceparent: null },
      { workItemId: 'wi-b', fromQueue: null, traceparent: null },
    ]);
    expect(started).toEqual([['wi-a', 'wi-b']]);
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
