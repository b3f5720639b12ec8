import { SourceMetrics, SourceMetricsRegistry } from './source-metrics';

describe('SourceMetrics', () => {
  const at = Date.parse('2026-01-01T00:00:10.000Z');

  it('counts what the source handed over, published, dropped as duplicate and dead-lettered', () => {
    const metrics = new SourceMetrics('x-stream', undefined, { now: () => new Date(at) });
    metrics.received(5);
    metrics.published(3, 1, '2026-01-01T00:00:07.500Z');
    metrics.deadLettered(1);
    expect(metrics.snapshot()).toMatchObject({
      received: 5,
      published: 3,
      duplicates: 1,
      deadLettered: 1,
      errors: 0,
      lastSuccessAt: '2026-01-01T00:00:10.000Z',
      lagMs: 2_500,
    });
  });

  it('keeps the last error with its time and tells the listener', () => {
    const told: string[] = [];
    const metrics = new SourceMetrics('meta', (s, r) => told.push(`${s}: ${r}`), {
      now: () => new Date(at),
    });
    metrics.failed('Kafka unavailable');
    metrics.rateLimited();
    metrics.reconnected();
    expect(metrics.snapshot()).toMatchObject({
      errors: 1,
      rateLimitWaits: 1,
      reconnects: 1,
      lastSuccessAt: null,
      lastError: { at: '2026-01-01T00:00:10.000Z', reason: 'Kafka unavailable' },
    });
    expect(told).toEqual(['meta: Kafka unavailable']);
  });
});

describe('SourceMetricsRegistry', () => {
  it('reports every source with its kind, current state and counters, in registration order', () => {
    const registry = new SourceMetricsRegistry();
    let state: 'listening' | 'stopped' = 'listening';
    registry.register('generic-webhook', 'generic-webhook', () => ({ state }));
    registry.register('replay', 'replay', () => ({ state: 'stopped' })).received(2);
    state = 'stopped';
    const report = registry.report();
    expect(report.map((r) => [r.name, r.kind, r.status.state, r.metrics.received])).toEqual([
      ['generic-webhook', 'generic-webhook', 'stopped', 0],
      ['replay', 'replay', 'stopped', 2],
    ]);
  });

  it('gives the same counters to a source registered twice', () => {
    const registry = new SourceMetricsRegistry();
    const first = registry.register('replay', 'replay', () => ({ state: 'stopped' }));
    expect(registry.register('replay', 'replay', () => ({ state: 'stopped' }))).toBe(first);
  });
});
