import { ServiceMetrics } from '@scb/observability';
import {
  InMemoryOutbox,
  InMemoryUnitOfWork,
  ManualClock,
  RecordingEventPublisher,
} from '@scb/testing';
import { OutboxRelay } from './outbox.relay';

describe('OutboxRelay', () => {
  let outbox: InMemoryOutbox;
  let uow: InMemoryUnitOfWork;
  let publisher: RecordingEventPublisher;
  let clock: ManualClock;
  let metrics: ServiceMetrics;

  const relay = (batchSize = 100) =>
    new OutboxRelay({ outbox, uow, publisher, clock, metrics }, { pollMs: 60_000, batchSize });

  beforeEach(() => {
    outbox = new InMemoryOutbox();
    uow = new InMemoryUnitOfWork();
    publisher = new RecordingEventPublisher();
    clock = new ManualClock('2026-03-01T10:00:00.000Z');
    metrics = new ServiceMetrics('matcher');
  });

  it('publishes pending messages grouped by topic, in id order, with their traceparent, then marks them', async () => {
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const a = outbox.add({ topic: 'cases', key: 'c1', value: '{"n":1}', traceparent });
    const b = outbox.add({ topic: 'other', key: 'o1' });
    const c = outbox.add({ topic: 'cases', key: 'c2', value: '{"n":2}' });

    expect(await relay().publishBatch()).toBe(3);

    expect(publisher.calls).toHaveLength(1);
    expect(publisher.sentTo('cases')).toEqual([
      { key: 'c1', value: '{"n":1}', headers: { traceparent } },
      { key: 'c2', value: '{"n":2}', headers: undefined },
    ]);
    expect(publisher.sentTo('other').map((m) => m.key)).toEqual(['o1']);
    expect(outbox.published).toEqual([a, b, c]);
    expect(await outbox.pendingCount()).toBe(0);
    expect(uow.committed).toBe(1);
  });

  it('keeps messages pending when the publish fails, and publishes them on the next try', async () => {
    outbox.add({ topic: 'cases', key: 'c1' });
    outbox.add({ topic: 'cases', key: 'c2' });
    const subject = relay();
    publisher.failWith = new Error('broker down');

    await expect(subject.publishBatch()).rejects.toThrow('broker down');
    expect(await outbox.pendingCount()).toBe(2);
    expect(uow.rolledBack).toBe(1);

    publisher.failWith = null;
    expect(await subject.publishBatch()).toBe(2);
    expect(await outbox.pendingCount()).toBe(0);
  });

  it('drains the whole backlog batch by batch on a kick, and survives a failed pass', async () => {
    for (let i = 0; i < 5; i += 1) outbox.add({ topic: 'cases', key: `c${i}` });
    const subject = relay(2);
    publisher.failWith = new Error('broker down');
    subject.kick();
    await subject.idle();
    expect(await outbox.pendingCount()).toBe(5);

    publisher.failWith = null;
    subject.kick();
    subject.kick(); // collapses into one more pass
    await subject.idle();
    expect(publisher.sentTo('cases').map((m) => m.key)).toEqual(['c0', 'c1', 'c2', 'c3', 'c4']);
    expect(publisher.calls.map((call) => call[0].messages.length)).toEqual([2, 2, 1]);
    expect(await outbox.pendingCount()).toBe(0);
  });

  it('observes the latency from the row being written to Kafka acknowledging it, by the clock', async () => {
    outbox.add({ topic: 'cases', key: 'c1', createdAt: new Date('2026-03-01T09:59:58.500Z') });
    outbox.add({ topic: 'cases', key: 'c2', createdAt: new Date('2026-03-01T09:59:59.500Z') });
    await relay().publishBatch();

    const histogram = await metrics.outboxRelayLatency.get();
    const sum = histogram.values.find((v) => v.metricName?.endsWith('_sum'));
    const count = histogram.values.find((v) => v.metricName?.endsWith('_count'));
    expect(count?.value).toBe(2);
    expect(sum?.value).toBeCloseTo(2, 6);
  });

  it('reports the backlog before every scrape', async () => {
    relay();
    outbox.add({ topic: 'cases', key: 'c1' });
    outbox.add({ topic: 'cases', key: 'c2' });
    const { body } = await metrics.exposition();
    expect(body).toMatch(/^scb_outbox_backlog\{service="matcher"\} 2$/m);
  });

  it('publishes nothing after shutdown', async () => {
    const subject = relay();
    await subject.onApplicationShutdown();
    outbox.add({ topic: 'cases', key: 'c1' });
    subject.kick();
    await subject.idle();
    expect(outbox.claims).toBe(0);
    expect(await outbox.pendingCount()).toBe(1);
  });
});
