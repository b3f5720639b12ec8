import { Counter, Gauge, Registry } from 'prom-client';
import type { ServiceMetrics } from '@scb/observability';
import type { SourceMetricsSnapshot, SourceReport } from '@scb/social-sources';

/** The counters of every source, as `scb_ingestion_source_<counter>_total{source,kind}`. */
const COUNTERS = [
  ['received', 'Items handed over by the source (a retried publish counts again)'],
  ['published', 'Mentions acknowledged by Kafka'],
  ['duplicates', 'Mentions dropped as already published within the dedup window'],
  ['deadLettered', 'Items refused and sent to the dead-letter topic'],
  ['errors', 'Failed attempts, refused signatures and dropped connections'],
  ['rateLimitWaits', 'Waits for an X rate-limit reset'],
  ['reconnects', 'Stream reconnections'],
] as const satisfies ReadonlyArray<readonly [keyof SourceMetricsSnapshot, string]>;

/**
 * Which source counter feeds which `scb_ingestion_mentions_total{outcome, reason}` series. The
 * reason is what the source registry knows today; refusals with their reasons come with the
 * registry's per-reason outcomes.
 */
const OUTCOMES = [
  ['published', 'published', ''],
  ['duplicates', 'ignored', 'duplicate'],
  ['deadLettered', 'dead_lettered', ''],
] as const satisfies ReadonlyArray<readonly [keyof SourceMetricsSnapshot, string, string]>;

/** Nest token of the registry behind GET /v1/sources/metrics. */
export const SOURCES_PROMETHEUS = Symbol('SOURCES_PROMETHEUS');

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/**
 * Exposes the source metrics registry (GET /v1/sources) through prom-client collectors that
 * read it at scrape time: the `scb_ingestion_source_*` series on the returned registry (served
 * at GET /v1/sources/metrics) and on the service's `/metrics`, plus the per-source
 * `scb_ingestion_mentions_total{source, outcome, reason}` on `/metrics`.
 */
export function registerSourceCollectors(
  report: () => SourceReport[],
  service: ServiceMetrics | null,
): Registry {
  const sources = new Registry();
  const registers = service ? [sources, service.registry] : [sources];
  for (const [field, help] of COUNTERS) {
    new Counter({
      name: `scb_ingestion_source_${snake(field)}_total`,
      help: `${help}.`,
      labelNames: ['source', 'kind'],
      registers,
      collect() {
        this.reset();
        for (const r of report()) this.inc({ source: r.name, kind: r.kind }, r.metrics[field]);
      },
    });
  }
  gauge(
    registers,
    report,
    'scb_ingestion_source_lag_ms',
    'Newest published post: creation to publication',
    (r) => r.metrics.lagMs,
  );
  gauge(
    registers,
    report,
    'scb_ingestion_source_last_success_seconds',
    'Unix time of the last success',
    (r) => (r.metrics.lastSuccessAt ? Date.parse(r.metrics.lastSuccessAt) / 1000 : null),
  );
  gauge(registers, report, 'scb_ingestion_source_up', '0 while the source is failing', (r) =>
    r.status.state === 'failing' ? 0 : 1,
  );
  if (service) {
    const mentions = service.ingestionMentions;
    service.beforeScrape(async () => {
      mentions.reset();
      for (const r of report())
        for (const [field, outcome, reason] of OUTCOMES)
          mentions.inc({ source: r.name, outcome, reason }, r.metrics[field]);
    });
  }
  return sources;
}

function gauge(
  registers: Registry[],
  report: () => SourceReport[],
  name: string,
  help: string,
  value: (r: SourceReport) => number | null,
): void {
  new Gauge({
    name,
    help: `${help}.`,
    labelNames: ['source', 'kind'],
    registers,
    collect() {
      this.reset();
      for (const r of report()) {
        const v = value(r);
        // A source with no value yet (no lag before its first post) gets no sample, not a 0.
        if (v !== null) this.set({ source: r.name, kind: r.kind }, v);
      }
    },
  });
}
