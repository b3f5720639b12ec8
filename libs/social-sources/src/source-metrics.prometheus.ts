import type { SourceReport } from './source-metrics';

const COUNTERS = [
  ['received', 'Items handed over by the source (a retried publish counts again)'],
  ['published', 'Mentions acknowledged by Kafka'],
  ['duplicates', 'Mentions dropped as already published within the dedup window'],
  ['deadLettered', 'Items refused and sent to the dead-letter topic'],
  ['errors', 'Failed attempts, refused signatures and dropped connections'],
  ['rateLimitWaits', 'Waits for an X rate-limit reset'],
  ['reconnects', 'Stream reconnections'],
] as const;

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const label = (value: string) =>
  value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

/**
 * The sources' counters in the Prometheus text exposition format, for dashboards that scrape:
 * `scb_ingestion_source_<counter>_total{source,kind}`, the lag, the last success time, and
 * `scb_ingestion_source_up` (0 while failing).
 */
export function sourcesAsPrometheus(reports: SourceReport[]): string {
  const lines: string[] = [];
  const labels = (r: SourceReport) => `{source="${label(r.name)}",kind="${r.kind}"}`;
  for (const [field, help] of COUNTERS) {
    const metric = `scb_ingestion_source_${snake(field)}_total`;
    lines.push(`# HELP ${metric} ${help}.`, `# TYPE ${metric} counter`);
    for (const r of reports) lines.push(`${metric}${labels(r)} ${r.metrics[field]}`);
  }
  const gauge = (metric: string, help: string, value: (r: SourceReport) => number | null) => {
    lines.push(`# HELP ${metric} ${help}.`, `# TYPE ${metric} gauge`);
    for (const r of reports) {
      const v = value(r);
      if (v !== null) lines.push(`${metric}${labels(r)} ${v}`);
    }
  };
  gauge(
    'scb_ingestion_source_lag_ms',
    'Newest published post: creation to publication',
    (r) => r.metrics.lagMs,
  );
  gauge('scb_ingestion_source_last_success_seconds', 'Unix time of the last success', (r) =>
    r.metrics.lastSuccessAt ? Date.parse(r.metrics.lastSuccessAt) / 1000 : null,
  );
  gauge('scb_ingestion_source_up', '0 while the source is failing', (r) =>
    r.status.state === 'failing' ? 0 : 1,
  );
  return `${lines.join('\n')}\n`;
}
