import { ServiceMetrics } from '@scb/observability';
import { SourceMetricsRegistry } from '@scb/social-sources';
import { registerSourceCollectors } from './source-metrics.collectors';

function sources() {
  const now = Date.parse('2026-01-01T00:00:10.000Z');
  const registry = new SourceMetricsRegistry(undefined, { now: () => new Date(now) });
  const stream = registry.register('x-stream', 'x-stream', () => ({
    state: 'failing',
    reason: 'HTTP 503',
    retryAt: '2026-01-01T00:00:20.000Z',
  }));
  stream.received(3);
  stream.published(2, 1, '2026-01-01T00:00:09.000Z');
  stream.deadLettered(4);
  registry.register('search "a"', 'x-polling', () => ({ state: 'starting' }));
  return { registry, stream };
}

describe('registerSourceCollectors', () => {
  it('writes counters and gauges per source in the text exposition format', async () => {
    const { registry } = sources();
    const text = await registerSourceCollectors(() => registry.report(), null).metrics();
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

  it('reads the registry at every scrape, on /v1/sources/metrics and on /metrics', async () => {
    const { registry, stream } = sources();
    const service = new ServiceMetrics('ingestion');
    const own = registerSourceCollectors(() => registry.report(), service);
    stream.received(10);
    stream.published(5, 2);
    expect(await own.metrics()).toContain(
      'scb_ingestion_source_received_total{source="x-stream",kind="x-stream"} 13',
    );
    const { body } = await service.exposition();
    expect(body).toContain(
      'scb_ingestion_source_received_total{source="x-stream",kind="x-stream",service="ingestion"} 13',
    );
    expect(body).toContain(
      'scb_ingestion_mentions_total{source="x-stream",outcome="published",reason="",service="ingestion"} 7',
    );
    expect(body).toContain(
      'scb_ingestion_mentions_total{source="x-stream",outcome="ignored",reason="duplicate",service="ingestion"} 3',
    );
    expect(body).toContain(
      'scb_ingestion_mentions_total{source="x-stream",outcome="dead_lettered",reason="",service="ingestion"} 4',
    );
    // A second scrape does not add the totals again.
    expect((await service.exposition()).body).toContain(
      'scb_ingestion_mentions_total{source="x-stream",outcome="published",reason="",service="ingestion"} 7',
    );
  });
});
