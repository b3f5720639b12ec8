import type { SocialMention } from '@scb/contracts';
import { SourceMetrics } from './source-metrics';
import {
  billingMonth,
  InMemoryReadUsage,
  overlappedSinceId,
  XPollingSource,
  type CheckpointStore,
  type XPage,
  type XTimeline,
} from './x-polling.source';

/** A snowflake id created `ms` after X's epoch (sequence 0). */
const snowflake = (ms: number) => (BigInt(ms) << 22n).toString();

class Timeline implements XTimeline {
  readonly calls: Array<string | null> = [];
  constructor(public ids: string[]) {}
  async fetchPage(request: { sinceId: string | null }): Promise<XPage> {
    this.calls.push(request.sinceId);
    const tweets = this.ids
      .filter((id) => request.sinceId === null || BigInt(id) > BigInt(request.sinceId))
      .sort((a, b) => (BigInt(b) > BigInt(a) ? 1 : -1))
      .map((id) => ({
        id,
        text: `post ${id}`,
        author_id: '77',
        created_at: '2026-11-30T00:00:00.000Z',
      }));
    return { tweets, users: [], nextToken: null };
  }
}

class Checkpoints implements CheckpointStore {
  value: string | null = null;
  async load() {
    return this.value;
  }
  async save(_s: string, id: string) {
    if (this.value === null || BigInt(id) > BigInt(this.value)) this.value = id;
  }
}

/** A sink with a dedup window, as the live sources have. */
function dedupSink() {
  const seen = new Set<string>();
  const published: string[] = [];
  return {
    published,
    sink: {
      publish: async (mentions: SocialMention[]) => {
        const fresh = mentions.filter((m) => !seen.has(m.externalId));
        for (const m of fresh) {
          seen.add(m.externalId);
          published.push(m.externalId);
        }
        return { duplicates: mentions.length - fresh.length };
      },
      reject: async () => undefined,
    },
  };
}

const base = { name: 'x-mentions:1', targetAccount: 'Acme', intervalMs: 5, chunkSize: 10 };

describe('overlappedSinceId', () => {
  it('goes back the window in snowflake time, never below 1, and not at all when 0', () => {
    expect(overlappedSinceId(snowflake(100_000), 60_000)).toBe(snowflake(40_000));
    expect(overlappedSinceId(snowflake(1_000), 60_000)).toBe('1');
    expect(overlappedSinceId('1460323737035677698', 0)).toBe('1460323737035677698');
  });
});

describe('XPollingSource: late posts (issue 13, kind 6)', () => {
  it('reads again below the checkpoint, publishes a post X indexed late once, and counts the gap', async () => {
    const timeline = new Timeline([snowflake(100_000), snowflake(110_000)]);
    const checkpoints = new Checkpoints();
    const { sink, published } = dedupSink();
    const metrics = new SourceMetrics(base.name);
    const source = new XPollingSource(timeline, checkpoints, sink, {
      ...base,
      maxBackoffMs: 50,
      overlapMs: 60_000,
      metrics,
    });
    await source.pollOnce();
    expect(checkpoints.value).toBe(snowflake(110_000));
    // Indexed late: older than the checkpoint, not seen by the first poll.
    timeline.ids.push(snowflake(105_000));
    await source.pollOnce();
    expect(timeline.calls[1]).toBe(snowflake(50_000));
    expect(published).toEqual([snowflake(100_000), snowflake(110_000), snowflake(105_000)]);
    expect(metrics.snapshot().lateFound).toBe(1);
    expect(checkpoints.value).toBe(snowflake(110_000));
    // A third poll finds nothing new: no gap, nothing published twice.
    await source.pollOnce();
    expect(published).toHaveLength(3);
    expect(metrics.snapshot().lateFound).toBe(1);
  });

  it('never finds a post older than the window (the window is the documented limit)', async () => {
    const timeline = new Timeline([snowflake(500_000)]);
    const checkpoints = new Checkpoints();
    const { sink, published } = dedupSink();
    const source = new XPollingSource(timeline, checkpoints, sink, {
      ...base,
      maxBackoffMs: 50,
      overlapMs: 60_000,
    });
    await source.pollOnce();
    timeline.ids.push(snowflake(100_000));
    await source.pollOnce();
    expect(published).toEqual([snowflake(500_000)]);
  });
});

describe('XPollingSource: monthly read budget (issue 13, kind 8)', () => {
  it('counts every post read per month and stops polling, with a clear state, at the budget', async () => {
    const timeline = new Timeline(['11', '12', '13']);
    let now = Date.UTC(2026, 10, 30, 23, 59, 0);
    const usage = new InMemoryReadUsage();
    const metrics = new SourceMetrics(base.name);
    const source = new XPollingSource(
      timeline,
      new Checkpoints(),
      dedupSink().sink,
      { ...base, maxBackoffMs: 50, monthlyReadBudget: 3, readUsage: usage, metrics },
      { now: () => new Date(now) },
    );
    source.start();
    await new Promise((r) => setTimeout(r, 60));
    expect(await usage.get(base.name, '2026-11')).toBe(3);
    expect(source.state()).toEqual({
      state: 'budget-exhausted',
      month: '2026-11',
      reads: 3,
      budget: 3,
    });
    const calls = timeline.calls.length;
    expect(calls).toBe(1);
    expect(metrics.snapshot().readUsage).toEqual({ month: '2026-11', reads: 3, budget: 3 });
    // A new billing month: polling resumes by itself.
    now = Date.UTC(2026, 11, 1, 0, 0, 1);
    timeline.ids.push('14');
    await new Promise((r) => setTimeout(r, 60));
    await source.stop();
    expect(timeline.calls.length).toBeGreaterThan(calls);
    expect(await usage.get(base.name, '2026-12')).toBeGreaterThan(0);
  });

  it('names the billing month in UTC', () => {
    expect(billingMonth(Date.UTC(2026, 0, 31, 23, 59))).toBe('2026-01');
    expect(billingMonth(Date.UTC(2026, 1, 1, 0, 0))).toBe('2026-02');
  });
});
