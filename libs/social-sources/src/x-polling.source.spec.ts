import type { SocialMention } from '@scb/contracts';
import {
  XPollingSource,
  XRateLimitedError,
  type CheckpointStore,
  type XPage,
  type XTimeline,
} from './x-polling.source';
import type { XTweet } from './x-tweet.normalizer';

const tweet = (id: string): XTweet => ({
  id,
  text: `@Brand tweet ${id}`,
  author_id: `u${id}`,
  created_at: '2026-01-01T00:00:00.000Z',
});

/** Pages newest first, as X does, `size` a page. */
class ListTimeline implements XTimeline {
  readonly calls: Array<{ sinceId: string | null; pageToken: string | null }> = [];
  failures: Error[] = [];
  constructor(
    public ids: string[],
    private readonly size: number,
  ) {}

  async fetchPage(request: { sinceId: string | null; pageToken: string | null }): Promise<XPage> {
    this.calls.push(request);
    const failure = this.failures.shift();
    if (failure) throw failure;
    const newer = this.ids
      .filter((id) => request.sinceId === null || BigInt(id) > BigInt(request.sinceId))
      .sort((a, b) => (BigInt(b) > BigInt(a) ? 1 : -1));
    const offset = Number(request.pageToken ?? 0);
    const more = offset + this.size < newer.length;
    return {
      tweets: newer.slice(offset, offset + this.size).map(tweet),
      users: [],
      nextToken: more ? String(offset + this.size) : null,
    };
  }
}

class MemoryCheckpoints implements CheckpointStore {
  readonly saved: string[] = [];
  async load(): Promise<string | null> {
    return this.saved.at(-1) ?? null;
  }
  async save(_source: string, sinceId: string): Promise<void> {
    this.saved.push(sinceId);
  }
}

const options = {
  name: 'x-test',
  targetAccount: 'Brand',
  intervalMs: 10,
  chunkSize: 2,
  maxBackoffMs: 50,
};

function setup(ids: string[], failPublishAt = Infinity) {
  const timeline = new ListTimeline(ids, 2);
  const checkpoints = new MemoryCheckpoints();
  const published: SocialMention[][] = [];
  const source = new XPollingSource(
    timeline,
    checkpoints,
    {
      publish: async (mentions) => {
        if (published.length + 1 >= failPublishAt) throw new Error('kafka down');
        published.push(mentions);
        return { duplicates: 0 };
      },
      reject: async () => undefined,
    },
    options,
  );
  return { timeline, checkpoints, published, source };
}

describe('XPollingSource', () => {
  it('reads every page, publishes oldest first and checkpoints after each chunk', async () => {
    const { timeline, checkpoints, published, source } = setup(['15', '11', '13', '12', '14']);
    expect(await source.pollOnce()).toBe(5);
    expect(timeline.calls).toEqual([
      { sinceId: null, pageToken: null },
      { sinceId: null, pageToken: '2' },
      { sinceId: null, pageToken: '4' },
    ]);
    expect(published.map((chunk) => chunk.map((m) => m.externalId))).toEqual([
      ['11', '12'],
      ['13', '14'],
      ['15'],
    ]);
    expect(checkpoints.saved).toEqual(['12', '14', '15']);
    expect(published[0][0]).toMatchObject({ targetAccount: 'Brand', source: 'x-test' });
  });

  it('does not move the checkpoint past a chunk Kafka did not take', async () => {
    const { checkpoints, source } = setup(['1', '2', '3', '4'], 2);
    await expect(source.pollOnce()).rejects.toThrow('kafka down');
    expect(checkpoints.saved).toEqual(['2']);
  });

  it('compares ids as 64-bit integers, not as text', async () => {
    const { published, source } = setup(['9', '10', '1460323737035677699', '1460323737035677698']);
    await source.pollOnce();
    expect(published.flat().map((m) => m.externalId)).toEqual([
      '9',
      '10',
      '1460323737035677698',
      '1460323737035677699',
    ]);
  });

  it('reports rate limits and failures with their reason, and keeps polling', async () => {
    const { timeline, source } = setup(['1']);
    const resetAt = new Date(Date.now() + 60_000);
    timeline.failures = [new XRateLimitedError(resetAt)];
    source.start();
    await waitUntil(() => source.state().state === 'rate-limited');
    expect(source.state()).toEqual({ state: 'rate-limited', until: resetAt.toISOString() });
    expect(timeline.calls).toHaveLength(1);
    await source.stop();
    expect(source.state()).toEqual({ state: 'stopped' });

    const failing = setup(['1']);
    failing.timeline.failures = [new Error('HTTP 503')];
    failing.source.start();
    await waitUntil(() => failing.source.state().state === 'failing');
    expect(failing.source.state()).toMatchObject({ reason: 'HTTP 503' });
    await waitUntil(() => failing.source.state().state === 'running');
    expect(failing.published.flat().map((m) => m.externalId)).toEqual(['1']);
    await failing.source.stop();
  });

  it('waits at least twice the interval after a failure, doubling, whatever the jitter draws', async () => {
    // The wait each failure announced (`retryAt`), read when the next poll starts.
    const retryWaits = async (random: number): Promise<number[]> => {
      const spy = jest.spyOn(Math, 'random').mockReturnValue(random);
      const clock = 1_000_000;
      const timeline = new ListTimeline(['1'], 2);
      timeline.failures = [new Error('a'), new Error('b'), new Error('c')];
      const source = new XPollingSource(
        timeline,
        new MemoryCheckpoints(),
        { publish: async () => ({ duplicates: 0 }), reject: async () => undefined },
        { ...options, intervalMs: 1, maxBackoffMs: 1_000 },
        { now: () => new Date(clock) },
      );
      const waits: number[] = [];
      const fetchPage = timeline.fetchPage.bind(timeline);
      timeline.fetchPage = async (request) => {
        const state = source.state();
        if (state.state === 'failing') waits.push(Date.parse(state.retryAt) - clock);
        return fetchPage(request);
      };
      try {
        source.start();
        await waitUntil(() => waits.length === 3);
        return waits;
      } finally {
        await source.stop();
        spy.mockRestore();
      }
    };
    const shortest = await retryWaits(0);
    expect(shortest).toEqual([2, 4, 8]);
    const longest = await retryWaits(0.999999);
    expect(longest.every((wait, i) => wait >= shortest[i] && wait <= 2 * shortest[i])).toBe(true);
  });
});

async function waitUntil(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((r) => setTimeout(r, 5));
}
