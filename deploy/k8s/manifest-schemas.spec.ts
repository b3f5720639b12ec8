import { schemaProblems } from './manifest-schemas';

/** The schema checks the manifest tests rely on must be able to fail. */
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
