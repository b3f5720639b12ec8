import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyJsonPatch, imageName, renderKustomization, type K8sObject } from './kustomize-lite';
import { schemaProblems } from './manifest-schemas';
import { promqlMetricNames } from './promql-metric-names';

/** The checkers the manifest tests rely on must be able to fail. */
describe('kustomize-lite', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'scb-kustomize-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, text: string) => writeFileSync(join(dir, name), text);
  const deployment = [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata: { name: web }',
    'spec:',
    '  replicas: 2',
    '  template:',
    '    spec:',
    '      containers: [{ name: web, image: "registry:5000/team/web:1.0.0" }]',
  ].join('\n');

  it('applies namespace, patches by name pattern and image tags', () => {
    write('web.yaml', deployment);
    write(
      'kustomization.yaml',
      [
        'namespace: shop',
        'resources: [web.yaml]',
        'images: [{ name: "registry:5000/team/web", newTag: 2.0.0 }]',
        'patches:',
        '  - target: { kind: Deployment, name: "w.b" }',
        '    patch: "[{op: replace, path: /spec/replicas, value: 3}]"',
      ].join('\n'),
    );
    const [web] = renderKustomization(dir) as Array<K8sObject & { spec: { replicas: number } }>;
    expect(web.metadata.namespace).toBe('shop');
    expect(web.spec.replicas).toBe(3);
    expect(JSON.stringify(web)).toContain('"image":"registry:5000/team/web:2.0.0"');
  });

  it('refuses fields it does not implement and patches whose path is missing', () => {
    write('web.yaml', deployment);
    write('kustomization.yaml', 'resources: [web.yaml]\ncommonLabels: { a: b }\n');
    expect(() => renderKustomization(dir)).toThrow(/unsupported kustomize field "commonLabels"/);
    expect(() =>
      applyJsonPatch({ spec: {} }, [{ op: 'replace', path: '/spec/replicas', value: 1 }]),
    ).toThrow(/does not exist/);
  });

  it('reads image names with registry ports and digests', () => {
    expect(imageName('registry:5000/team/web:1.0.0')).toBe('registry:5000/team/web');
    expect(imageName(`web@sha256:${'a'.repeat(64)}`)).toBe('web');
    expect(imageName('web')).toBe('web');
  });
});

describe('schemaProblems', () => {
  it('refuses a Deployment with a mistyped port and an unknown kind', () => {
    const bad = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: {
        selector: { matchLabels: { a: 'b' } },
        template: {
          spec: { containers: [{ name: 'web', image: 'web:1', ports: [{ containerPort: 'x' }] }] },
        },
      },
    };
    expect(schemaProblems(bad)).toEqual([expect.stringContaining('containerPort must be integer')]);
    expect(schemaProblems({ ...bad, kind: 'Deploymnet' })).toEqual([
      expect.stringContaining('no schema'),
    ]);
  });

  it('refuses Strimzi objects with unknown fields or a bad listener', () => {
    const topic = {
      apiVersion: 'kafka.strimzi.io/v1beta2',
      kind: 'KafkaTopic',
      metadata: { name: 't' },
      spec: { partitions: 3, replicas: 1, partitons: 6 },
    };
    expect(schemaProblems(topic).join()).toContain('must NOT have additional properties');
    const kafka = {
      apiVersion: 'kafka.strimzi.io/v1beta2',
      kind: 'Kafka',
      metadata: { name: 'k' },
      spec: { kafka: { listeners: [{ name: 'Plain_Listener', port: 9092, type: 'internal' }] } },
    };
    const problems = schemaProblems(kafka).join('\n');
    expect(problems).toContain("must have required property 'tls'");
    expect(problems).toContain('must match pattern');
  });

  it('refuses a ScaledObject without triggers (KEDA schema)', () => {
    const scaled = {
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'ScaledObject',
      metadata: { name: 's' },
      spec: { scaleTargetRef: { name: 'web' } },
    };
    expect(schemaProblems(scaled).join()).toContain('must have required property triggers');
  });
});

describe('promqlMetricNames', () => {
  it('finds the selected metrics, not functions, labels, strings or durations', () => {
    expect(
      promqlMetricNames(
        'sum by (le, group) (rate(a_bucket{x="y", z!~"b_total"}[5m])) / on (group) b_total > 0.5 and c',
      ),
    ).toEqual(['a_bucket', 'b_total', 'c']);
    expect(promqlMetricNames('label_values(process_start_time_seconds{a="b"}, namespace)')).toEqual(
      ['process_start_time_seconds'],
    );
    expect(
      promqlMetricNames('histogram_quantile(0.95, sum by (le) (rate(x[$__rate_interval])))'),
    ).toEqual(['x']);
  });
});
