import { SourceMetricsRegistry } from './source-metrics';
import { sourcesAsPrometheus } from './source-metrics.prometheus';

describe('sourcesAsPrometheus', () => {
  it('writes counters and gauges per source in the text exposition format', () => {
    const now = Date.parse('2026-01-01T00:00:10.000Z');
    const registry = new SourceMetricsRegistry(undefined, () => now);
    const stream = registry.register('x-stream', 'x-stream', () => ({
      state: 'failing',
      reason: 'HTTP 503',
      retryAt: '2026-01-01T00:00:20.000Z',
    }));
    stream.received(3);
    stream.published(2, 1, '2026-01-01T00:00:09.000Z');
    registry.register('search "a"', 'x-polling', () => ({ state: 'starting' }));
    const text = sourcesAsPrometheus(registry.report());
    expect(text).toContain('# TYPE scb_ingestion_source_received_total counter');
    expect(text).toContain(
      'scb_ingestion_source_received_total{source="x-stream",kind="x-stream"} 3',
    );
    expect(text).toContain(
      'scb_ingestion_source_duplicates_total{source="x-stream",kind="x-stream"} 1',
    );
    expect(text).toContain(
      'scb_ingestion_source_rate_limit_waits_total{source="search \\"a\\"",kind="x-polling"} 0',
    );
    expect(text).toContain('scb_ingestion_source_lag_ms{source="x-stream",kind="x-stream"} 1000');
    expect(text).toContain(
      'scb_ingestion_source_last_success_seconds{source="x-stream",kind="x-stream"} 1767225610',
    );
    expect(text).toContain('scb_ingestion_source_up{source="x-stream",kind="x-stream"} 0');
    expect(text).toContain('scb_ingestion_source_up{source="search \\"a\\"",kind="x-polling"} 1');
    // A source with no lag yet has no lag sample rather than a made-up 0.
    expect(text).not.toContain('scb_ingestion_source_lag_ms{source="search');
  });
});
