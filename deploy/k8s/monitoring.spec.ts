import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { AGREED_METRICS } from './agreed-metrics';
import { renderKustomization } from './kustomize-build';
import { baseMetricName, promqlMetricNames } from './promql-metric-names';

/**
 * The alerts and the Grafana dashboard may only query metrics the services serve: the names
 * agreed in issue 15 and prom-client's default metrics (read from prom-client itself).
 */
interface Rule {
  alert: string;
  expr: string;
  labels: { severity: string };
  annotations: Record<string, string>;
}
interface Panel {
  type: string;
  title: string;
  targets?: Array<{ expr: string }>;
  panels?: Panel[];
}
interface Dashboard {
  uid: string;
  panels: Panel[];
  templating: { list: Array<{ name: string; query?: string | { query: string } }> };
}

const monitoring = renderKustomization(join(__dirname, 'base', 'monitoring'));
const operationsDoc = readFileSync(join(__dirname, '..', '..', 'docs', 'operations.md'), 'utf8');

async function servedMetrics(): Promise<{ names: Set<string>; histograms: Set<string> }> {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const defaults = await registry.getMetricsAsJSON();
  const all = [
    ...defaults.map((m) => [m.name, String(m.type)] as const),
    ...Object.entries(AGREED_METRICS),
  ];
  return {
    names: new Set(all.map(([name]) => name)),
    histograms: new Set(all.filter(([, type]) => type === 'histogram').map(([name]) => name)),
  };
}

/** The metric names of an expression that nothing serves (histogram series map to their base). */
async function unknownMetrics(expressions: string[], extra: string[] = []) {
  const { names, histograms } = await servedMetrics();
  return expressions.flatMap((expr) =>
    promqlMetricNames(expr)
      .map((name) => baseMetricName(name, histograms))
      .filter((name) => !names.has(name) && !extra.includes(name))
      .map((name) => `${name} in ${expr}`),
  );
}

describe('PrometheusRule scb-alerts', () => {
  const rules = monitoring
    .filter((o) => o.kind === 'PrometheusRule')
    .flatMap((o) => (o.spec as { groups: Array<{ rules: Rule[] }> }).groups)
    .flatMap((g) => g.rules);

  it('alerts only on metrics the services serve (and Prometheus` own up)', async () => {
    expect(rules.length).toBeGreaterThanOrEqual(10);
    expect(
      await unknownMetrics(
        rules.map((r) => r.expr),
        ['up'],
      ),
    ).toEqual([]);
  });

  it('says for every alert what it means and what to do, in docs/operations.md', () => {
    for (const rule of rules) {
      expect(rule.alert).toMatch(/^Scb[A-Za-z]+$/);
      expect(['critical', 'warning', 'info']).toContain(rule.labels.severity);
      expect(rule.annotations.summary).toEqual(expect.any(String));
      expect(rule.annotations.runbook).toBe(`docs/operations.md#${rule.alert.toLowerCase()}`);
      expect(operationsDoc).toMatch(new RegExp(`^#{3,4} ${rule.alert}$`, 'm'));
    }
  });
});

describe('Grafana dashboard scb-overview', () => {
  const configMap = monitoring.find((o) => o.kind === 'ConfigMap')!;
  const dashboard = JSON.parse(
    (configMap.data as Record<string, string>)['scb-overview.json'],
  ) as Dashboard;
  const panels = (list: Panel[]): Panel[] => list.flatMap((p) => [p, ...panels(p.panels ?? [])]);
  const expressions = [
    ...panels(dashboard.panels).flatMap((p) => (p.targets ?? []).map((t) => t.expr)),
    ...dashboard.templating.list
      .map((v) => (typeof v.query === 'string' ? v.query : v.query?.query))
      .filter((q): q is string => !!q && q !== 'prometheus'),
  ];

  it('is loaded by the Grafana sidecar', () => {
    expect(configMap.metadata.labels?.grafana_dashboard).toBe('1');
    expect(dashboard.uid).toBe('scb-overview');
  });

  it('queries only metrics the services serve', async () => {
    expect(expressions.length).toBeGreaterThanOrEqual(20);
    expect(await unknownMetrics(expressions)).toEqual([]);
  });

  it('shows every metric agreed for the services', async () => {
    const { histograms } = await servedMetrics();
    const shown = new Set(
      expressions.flatMap(promqlMetricNames).map((n) => baseMetricName(n, histograms)),
    );
    expect(Object.keys(AGREED_METRICS).filter((name) => !shown.has(name))).toEqual([]);
  });
});
