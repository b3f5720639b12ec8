import type { CallView, DashboardQueryRepository, MentionView, NoteView } from '@scb/persistence';
import { LiveFeedService, type LiveEvent } from './live-feed.service';

const T0 = Date.parse('2026-01-01T10:00:00Z');

function mention(id: string, receivedAtMs: number, queue: string | null = 'default'): MentionView {
  return {
    id,
    platform: 'x',
    externalId: id,
    authorHandle: 'h',
    text: id,
    occurredAt: new Date(receivedAtMs),
    receivedAt: new Date(receivedAtMs),
    outcome: 'new',
    caseId: 'c',
    caseNumber: 'CS-000001',
    customer: { id: 'cu', displayName: null },
    queue,
    sentiment: null,
    explanation: {},
  };
}

function phoneCall(id: string, receivedAtMs: number, agentId: string | null = null): CallView {
  return {
    id,
    arrivedAt: new Date(receivedAtMs),
    receivedAt: new Date(receivedAtMs),
    caseId: 'c',
    caseNumber: 'CS-000001',
    customer: { id: 'cu', displayName: '+13125550100' },
    workItem: {
      id: 'w',
      queue: 'default',
      status: agentId ? 'assigned' : 'queued',
      agentId,
      updates: agentId ? 1 : 0,
    },
  };
}

/** Postgres as the feed sees it: rows become visible when "committed", whatever their time. */
class VisibleRows {
  rows: MentionView[] = [];
  calls: CallView[] = [];
  queueRows: Array<{ queue: string }> = [];
  notes: NoteView[] = [];
  asRepository(): DashboardQueryRepository {
    return {
      now: async () => new Date(T0),
      mentionsSince: async (since: Date) =>
        this.rows.filter((m) => m.receivedAt > since).map((m) => ({ ...m })),
      mentionsByIds: async (ids: string[]) => this.rows.filter((m) => ids.includes(m.id)),
      callsSince: async (since: Date) =>
        this.calls.filter((c) => c.receivedAt > since).map((c) => ({ ...c })),
      queueDepths: async () => this.queueRows,
      notesSince: async (since: Date) => this.notes.filter((n) => n.createdAt > since),
    } as unknown as DashboardQueryRepository;
  }
}

describe('LiveFeedService', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  const tick = () => jest.advanceTimersByTimeAsync(100);

  it('sends what arrives after it started once, including a transaction that committed late', async () => {
    const db = new VisibleRows();
    db.rows.push(mention('before-start', T0 - 1_000));
    const feed = new LiveFeedService(db.asRepository(), { LIVE_POLL_MS: 100 });
    const events: LiveEvent[] = [];
    const stop = feed.subscribe((e) => events.push(e));
    await feed.ready();
    await tick();

    db.rows.push(mention('a', T0 + 2_000));
    await tick();
    // Committed after "a" was sent, but stamped earlier: still inside the look-back window.
    db.rows.push(mention('late', T0 + 1_000));
    await tick();
    await tick();

    const sent = events.filter((e) => e.type === 'mention').map((e) => e.data.id);
    expect(sent).toEqual(['a', 'late']);
    stop();
    expect(feed.listenerCount).toBe(0);
  });

  it('sends a routed mention again once its queue is known, and queue depths when they change', async () => {
    const db = new VisibleRows();
    db.queueRows = [{ queue: 'default' }];
    const feed = new LiveFeedService(db.asRepository(), { LIVE_POLL_MS: 100 });
    const events: LiveEvent[] = [];
    feed.subscribe((e) => events.push(e));
    await feed.ready();
    db.rows.push(mention('m', T0 + 500, null));
    await tick();
    db.rows[0].queue = 'vip';
    await tick();
    await tick();

    expect(events.map((e) => (e.type === 'mention' ? e.data.queue : e.type))).toEqual([
      null,
      'queues',
      'vip',
    ]);
  });

  it('sends each new call once, with the holder of its case, and no call from before it started', async () => {
    const db = new VisibleRows();
    db.calls.push(phoneCall('old', T0 - 1_000));
    const feed = new LiveFeedService(db.asRepository(), { LIVE_POLL_MS: 100 });
    const events: LiveEvent[] = [];
    feed.subscribe((e) => events.push(e));
    await feed.ready();
    await tick();
    db.calls.push(phoneCall('on-held-case', T0 + 1_000, 'agent-ann'));
    await tick();
    db.calls.push(phoneCall('late', T0 + 500));
    await tick();
    await tick();

    const calls = events.flatMap((e) => (e.type === 'call' ? [e.data] : []));
    expect(calls.map((c) => c.id)).toEqual(['on-held-case', 'late']);
    expect(calls[0].workItem).toMatchObject({ agentId: 'agent-ann', updates: 1 });
  });

  it('stops polling when the last listener leaves', async () => {
    const db = new VisibleRows();
    const repository = db.asRepository();
    const since = jest.spyOn(repository, 'mentionsSince');
    const feed = new LiveFeedService(repository, { LIVE_POLL_MS: 100 });
    const stop = feed.subscribe(() => undefined);
    await feed.ready();
    await tick();
    stop();
    const calls = since.mock.calls.length;
    await tick();
    await tick();
    expect(since.mock.calls.length).toBe(calls);
  });

  it('announces a note on a held case once, a late commit too, but none from before it started', async () => {
    const db = new VisibleRows();
    const note = (id: string, at: number): NoteView => ({
      id,
      caseId: 'c',
      caseNumber: 'CS-000001',
      createdAt: new Date(at),
    });
    db.notes.push(note('old', T0 - 1_000));
    const feed = new LiveFeedService(db.asRepository(), { LIVE_POLL_MS: 100 });
    const events: LiveEvent[] = [];
    feed.subscribe((e) => events.push(e));
    await feed.ready();
    await tick();
    db.notes.push(note('n1', T0 + 2_000));
    await tick();
    db.notes.push(note('late', T0 + 1_000));
    await tick();
    await tick();
    expect(events.filter((e) => e.type === 'note').map((e) => e.data.id)).toEqual(['n1', 'late']);
  });
});
