import type { SocialMention } from '@scb/contracts';
import { XRateLimitedError } from './x-polling.source';
import type { XStreamRule, XStreamRuleSpec } from './x-stream-rules';
import {
  XStreamSource,
  type XFilteredStream,
  type XStreamConnection,
  type XStreamHandlers,
  type XStreamPost,
} from './x-stream.source';

/** An in-memory filtered stream: rules by id, connections the test can feed and drop. */
class MemoryStream implements XFilteredStream {
  held: XStreamRule[] = [];
  calls: string[] = [];
  connectFailures: Error[] = [];
  handlers: XStreamHandlers | null = null;
  private drop: ((reason: string) => void) | null = null;
  private nextId = 100;

  async rules(): Promise<XStreamRule[]> {
    this.calls.push('rules');
    return [...this.held];
  }
  async addRules(rules: XStreamRuleSpec[]): Promise<void> {
    this.calls.push(`add ${rules.map((r) => r.value).join(',')}`);
    this.held.push(...rules.map((r) => ({ id: String(this.nextId++), ...r })));
  }
  async deleteRules(ids: string[]): Promise<void> {
    this.calls.push(`delete ${ids.join(',')}`);
    this.held = this.held.filter((r) => !ids.includes(r.id));
  }
  async connect(handlers: XStreamHandlers): Promise<XStreamConnection> {
    this.calls.push('connect');
    const failure = this.connectFailures.shift();
    if (failure) throw failure;
    this.handlers = handlers;
    const closed = new Promise<string>((resolve) => (this.drop = resolve));
    return { closed, close: () => this.drop?.('closed by us') };
  }
  dropConnection(): void {
    this.handlers = null;
    this.drop?.('connection reset');
  }
}

const post = (id: string, tag = 'brand:Brand'): XStreamPost => ({
  tweet: {
    id,
    text: `@Brand help ${id}`,
    author_id: 'u1',
    created_at: '2026-01-01T00:00:00.000Z',
  },
  users: [{ id: 'u1', username: 'customer', name: 'C', public_metrics: { followers_count: 3 } }],
  matchingRules: [{ id: '100', tag }],
});

function setup(publishFailures = 0) {
  const stream = new MemoryStream();
  const published: SocialMention[] = [];
  const rejected: string[] = [];
  let failures = publishFailures;
  const source = new XStreamSource(
    stream,
    {
      publish: async (mentions) => {
        if (failures-- > 0) throw new Error('kafka down');
        published.push(...mentions);
        return { duplicates: 0 };
      },
      reject: async (items) => void rejected.push(...items.map((i) => i.reason)),
    },
    {
      name: 'x-stream',
      rules: [
        { value: '@Brand -is:retweet', tag: 'brand:Brand' },
        { value: 'outage', tag: 'keyword:outage' },
      ],
      backoff: { initialMs: 5, maxMs: 20 },
      chunkSize: 10,
      maxPending: 100,
    },
  );
  return { stream, published, rejected, source };
}

describe('XStreamSource', () => {
  it('syncs the rules (stale deleted before missing added), connects and publishes posts', async () => {
    const { stream, published, source } = setup();
    stream.held = [
      { id: '1', value: '@Brand -is:retweet', tag: 'brand:Brand' },
      { id: '2', value: '@Gone -is:retweet', tag: 'brand:Gone' },
    ];
    source.start();
    await waitUntil(() => stream.handlers !== null);
    expect(stream.calls).toEqual(['rules', 'delete 2', 'add outage', 'connect']);
    expect(source.state()).toMatchObject({ state: 'running' });
    stream.handlers!.onPost(post('11'));
    stream.handlers!.onPost(post('12', 'keyword:outage'));
    await waitUntil(() => published.length === 2);
    expect(published.map((m) => [m.externalId, m.targetAccount, m.source])).toEqual([
      ['11', 'Brand', 'x-stream'],
      ['12', null, 'x-stream'],
    ]);
    expect(published[0]).toMatchObject({ authorHandle: 'customer' });
    await source.stop();
    expect(source.state()).toEqual({ state: 'stopped' });
  });

  it('reconnects with backoff after a drop, reporting it, without syncing the rules again', async () => {
    const { stream, source } = setup();
    source.start();
    await waitUntil(() => stream.handlers !== null);
    stream.connectFailures = [new Error('HTTP 503')];
    stream.dropConnection();
    await waitUntil(() => source.state().state === 'failing');
    expect(source.state()).toMatchObject({ reason: 'HTTP 503' });
    await waitUntil(() => stream.handlers !== null);
    expect(stream.calls.filter((c) => c === 'rules')).toHaveLength(1);
    expect(stream.calls.filter((c) => c === 'connect')).toHaveLength(3);
    expect(source.metrics.snapshot()).toMatchObject({ reconnects: 1, errors: 2 });
    await source.stop();
  });

  it('says it is reconnecting, which attempt, when and why, while it waits', async () => {
    const { stream, source } = setup();
    const slow = new XStreamSource(
      stream,
      { publish: async () => ({ duplicates: 0 }), reject: async () => undefined },
      {
        name: 'x-stream',
        rules: [],
        backoff: { initialMs: 60_000, maxMs: 60_000 },
        chunkSize: 10,
        maxPending: 100,
      },
    );
    slow.start();
    await waitUntil(() => stream.handlers !== null);
    stream.dropConnection();
    await waitUntil(() => slow.state().state === 'reconnecting');
    expect(slow.state()).toMatchObject({ attempt: 1, reason: 'connection reset' });
    const retryAt = Date.parse((slow.state() as { retryAt: string }).retryAt);
    // Jittered: between half the nominal 60 s and the nominal wait.
    expect(retryAt - Date.now()).toBeGreaterThan(25_000);
    expect(retryAt - Date.now()).toBeLessThanOrEqual(60_000);
    await slow.stop();
    await source.stop();
  });

  it('stops cleanly when stopped while a connection is being opened', async () => {
    const { stream, source } = setup();
    let open: () => void = () => undefined;
    const connect = stream.connect.bind(stream);
    stream.connect = (handlers) =>
      new Promise((resolve) => (open = () => resolve(connect(handlers))));
    source.start();
    await waitUntil(() => stream.calls.includes('add @Brand -is:retweet,outage'));
    const stopping = source.stop();
    open();
    await stopping;
    expect(source.state()).toEqual({ state: 'stopped' });
  });

  it('waits for the reset on 429 and says until when', async () => {
    const { stream, source } = setup();
    const resetAt = new Date(Date.now() + 60_000);
    stream.connectFailures = [new XRateLimitedError(resetAt)];
    source.start();
    await waitUntil(() => source.state().state === 'rate-limited');
    expect(source.state()).toEqual({ state: 'rate-limited', until: resetAt.toISOString() });
    expect(stream.calls.filter((c) => c === 'connect')).toHaveLength(1);
    await source.stop();
  });

  it('retries a chunk Kafka refused, in order, and dead-letters what breaks the contract', async () => {
    const { stream, published, rejected, source } = setup(2);
    source.start();
    await waitUntil(() => stream.handlers !== null);
    stream.handlers!.onPost(post('21'));
    stream.handlers!.onPost({ ...post('22'), tweet: { id: '22', text: 'no author' } });
    stream.handlers!.onMalformed('{"oops"', 'not JSON');
    stream.handlers!.onPost(post('23'));
    await waitUntil(() => published.length === 2 && rejected.length === 2);
    expect(published.map((m) => m.externalId)).toEqual(['21', '23']);
    expect(rejected.sort()).toEqual([
      expect.stringContaining('x-stream tweet 22'),
      'x-stream: not JSON',
    ]);
    expect(source.metrics.snapshot().errors).toBe(2);
    await source.stop();
  });
});

async function waitUntil(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 2));
  }
}
