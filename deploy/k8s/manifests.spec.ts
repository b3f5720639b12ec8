import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { loadConfig } from '@scb/config';
import { qualifiedTopic, Topics } from '@scb/contracts';
import { projectTopics } from '@scb/platform';
import { ApiConfigSchema } from '../../apps/api/src/api.config';
import { IngestionConfigSchema } from '../../apps/ingestion/src/ingestion.config';
import { MatcherConfigSchema } from '../../apps/matcher/src/matcher.config';
import { RouterConfigSchema } from '../../apps/router/src/router.config';
import { imageName, renderKustomization, type K8sObject } from './kustomize-build';
import { schemaProblems } from './manifest-schemas';

/**
 * Every overlay under deploy/k8s/overlays, rendered by the real Kustomize (`kubectl kustomize`;
 * the tests fail, naming what to install, where it is missing) and checked against the Kubernetes and CRD
 * schemas and against what the code needs (config schemas, topics, consumer groups, probes).
 */
interface Container {
  name: string;
  image: string;
  command?: string[];
  ports?: Array<{ name?: string; containerPort: number }>;
  env?: Array<{ name: string; value?: string; valueFrom?: unknown }>;
  envFrom?: Array<{
    configMapRef?: { name: string };
    secretRef?: { name: string; optional?: boolean };
  }>;
  livenessProbe?: { httpGet?: { path: string; port: string | number } };
  readinessProbe?: { httpGet?: { path: string; port: string | number } };
  startupProbe?: { httpGet?: { path: string; port: string | number } };
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: Record<string, unknown> & { capabilities?: { drop?: string[] } };
}
interface PodSpec {
  containers: Container[];
  securityContext?: { runAsNonRoot?: boolean; seccompProfile?: { type: string } };
  automountServiceAccountToken?: boolean;
}
type Workload = K8sObject & {
  spec: {
    replicas?: number;
    selector: { matchLabels: Record<string, string> };
    template: { metadata: { labels: Record<string, string> }; spec: PodSpec };
  };
};
type Selecting = K8sObject & {
  spec: { selector: { matchLabels?: Record<string, string> } & Record<string, unknown> };
};

const root = join(__dirname, '..', '..');
const overlays = join(__dirname, 'overlays');
const environments = ['dev', 'production'];
/** The three kustomizations of an environment, in the order they are applied ('' = the services). */
const parts = ['kafka', 'migrate', ''];
const packageVersion = (
  JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }
).version;
const schemas: Record<string, z.ZodType> = {
  api: ApiConfigSchema,
  ingestion: IngestionConfigSchema,
  matcher: MatcherConfigSchema,
  router: RouterConfigSchema,
};
/** What the operator puts in the Secret scb-datastores (docs/operations.md); never committed. */
const datastoreSecret = {
  DATABASE_URL: 'postgres://scb:secret@postgres.example:5432/scb',
  REDIS_URL: 'redis://:secret@redis.example:6379',
};
/** The consumers, their group variable and the topic they consume. */
const consumers: Record<string, { groupKey: string; topic: string }> = {
  'scb-matcher': { groupKey: 'MATCHER_GROUP_ID', topic: Topics.mentions },
  'scb-router': { groupKey: 'ROUTER_GROUP_ID', topic: Topics.caseEvents },
};

const of = <T extends K8sObject>(objects: K8sObject[], kind: string) =>
  objects.filter((o) => o.kind === kind) as T[];
const selects = (selector: Record<string, string> | undefined, labels: Record<string, string>) =>
  !!selector && Object.entries(selector).every(([k, v]) => labels[k] === v);
/** matchLabels or `In` matchExpressions, the two forms used here. */
function selectsLabels(selector: Record<string, unknown>, labels: Record<string, string>) {
  const matchLabels = (selector.matchLabels ?? {}) as Record<string, string>;
  const expressions = (selector.matchExpressions ?? []) as Array<{
    key: string;
    operator: string;
    values: string[];
  }>;
  return (
    Object.entries(matchLabels).every(([k, v]) => labels[k] === v) &&
    expressions.every((e) => e.operator === 'In' && e.values.includes(labels[e.key]))
  );
}
function imagesOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(imagesOf);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) =>
    k === 'image' && typeof v === 'string' ? [v] : imagesOf(v),
  );
}

describe.each(environments)('deploy/k8s/overlays/%s', (env) => {
  const rendered = Object.fromEntries(
    parts.map((part) => [part, renderKustomization(join(overlays, env, part))]),
  );
  const all = parts.flatMap((part) => rendered[part]);
  const app = rendered[''];
  const deployments = of<Workload>(app, 'Deployment');
  const configMap = of<K8sObject & { data: Record<string, string> }>(app, 'ConfigMap').find(
    (c) => c.metadata.name === 'scb-config',
  )!;
  const [kafka] = of<
    K8sObject & { spec: { kafka: { listeners: Array<{ port: number; tls: boolean }> } } }
  >(rendered.kafka, 'Kafka');
  const topics = of<
    K8sObject & { spec: Record<string, unknown> & { config: Record<string, unknown> } }
  >(rendered.kafka, 'KafkaTopic');
  const namespace = of(rendered.kafka, 'Namespace')[0]?.metadata.name;

  const environmentOf = (d: Workload): Record<string, string> => {
    const container = d.spec.template.spec.containers[0];
    const env: Record<string, string> = {};
    for (const source of container.envFrom ?? []) {
      if (source.configMapRef?.name === configMap.metadata.name) Object.assign(env, configMap.data);
      if (source.secretRef?.name === 'scb-datastores') Object.assign(env, datastoreSecret);
    }
    for (const variable of container.env ?? []) {
      if (variable.value !== undefined) env[variable.name] = variable.value;
    }
    return env;
  };

  it.each(parts.map((part) => [part || '(services)', part]))(
    'renders %s with Kustomize into named Kubernetes objects',
    (_label, part) => {
      expect(rendered[part].length).toBeGreaterThan(0);
      for (const o of rendered[part]) {
        expect(o).toMatchObject({
          apiVersion: expect.any(String),
          kind: expect.any(String),
          metadata: { name: expect.any(String) },
        });
      }
    },
  );

  it('validates every object against the Kubernetes and CRD schemas', () => {
    expect(all.length).toBeGreaterThan(20);
    expect(all.flatMap(schemaProblems)).toEqual([]);
  });

  it('puts everything in the namespace it creates, and commits no secret', () => {
    expect(namespace).toBeDefined();
    for (const o of all.filter((o) => o.kind !== 'Namespace')) {
      expect({ object: `${o.kind}/${o.metadata.name}`, namespace: o.metadata.namespace }).toEqual({
        object: `${o.kind}/${o.metadata.name}`,
        namespace,
      });
    }
    expect(of(all, 'Secret')).toEqual([]);
    const literal = deployments.flatMap((d) => d.spec.template.spec.containers[0].env ?? []);
    expect(
      literal.filter((v) => /SECRET|TOKEN|PASSWORD|DATABASE_URL|REDIS_URL/.test(v.name)),
    ).toEqual([]);
    expect(
      Object.keys(configMap.data).filter((k) => /SECRET|TOKEN|PASSWORD|_URL$/.test(k)),
    ).toEqual([]);
  });

  it('pins every image; the services and the migration run this version', () => {
    const images = all.flatMap(imagesOf);
    for (const image of images) {
      expect(image).toMatch(/(:\d+\.\d+[\w.-]*|@sha256:[0-9a-f]{64})$/);
    }
    const ours = images.filter((i) => imageName(i).endsWith('social-case-bridge'));
    expect(ours.length).toBe(deployments.length + 1);
    expect(new Set(ours)).toEqual(new Set([ours[0]]));
    expect(ours[0].endsWith(`:${packageVersion}`)).toBe(true);
  });

  it.each(Object.keys(schemas))('runs %s safely, probed, sized and configured', (service) => {
    const d = deployments.find((x) => x.metadata.name === `scb-${service}`)!;
    expect(d).toBeDefined();
    const pod = d.spec.template.spec;
    const [c] = pod.containers;
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.securityContext).toMatchObject({
      runAsNonRoot: true,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(c.securityContext).toMatchObject({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      capabilities: { drop: ['ALL'] },
    });
    expect(c.resources?.requests).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
    expect(c.resources?.limits?.memory).toEqual(expect.any(String));
    expect(c.livenessProbe?.httpGet).toEqual({ path: '/livez', port: 'http' });
    expect(c.readinessProbe?.httpGet).toEqual({ path: '/readyz', port: 'http' });
    expect(c.startupProbe?.httpGet?.path).toBe('/livez');
    const entry = c.command?.find((part) => part.endsWith('.js'));
    expect(entry).toBe(`dist/apps/${service}/src/main.js`);
    expect(existsSync(join(root, entry!.replace(/^dist\//, '').replace(/\.js$/, '.ts')))).toBe(
      true,
    );

    const config = loadConfig(schemas[service], environmentOf(d)) as Record<string, unknown>;
    const http = c.ports?.find((p) => p.name === 'http');
    expect(config.PORT).toBe(http?.containerPort);
    // Once the api's schema knows METRICS_PORT it must accept what the manifest sets.
    if ('METRICS_PORT' in config) {
      expect(config.METRICS_PORT).toBe(c.ports?.find((p) => p.name === 'metrics')?.containerPort);
    }
    if ('KAFKA_BROKERS' in config) {
      const plain = kafka.spec.kafka.listeners.find((l) => l.tls === false);
      expect(config.KAFKA_BROKERS).toBe(`${kafka.metadata.name}-kafka-bootstrap:${plain?.port}`);
    }
  });

  it('gives every service a Service and a PodDisruptionBudget, and scrapes each Service', () => {
    const services = of<Selecting>(app, 'Service');
    const budgets = of<Selecting>(app, 'PodDisruptionBudget');
    const policies = of<
      K8sObject & {
        spec: {
          podSelector: Record<string, unknown>;
          ingress: Array<{
            from?: Array<{ namespaceSelector?: unknown }>;
            ports?: Array<{ port: string }>;
          }>;
        };
      }
    >(app, 'NetworkPolicy');
    const monitors = of<Selecting & { spec: { endpoints: Array<{ port: string }> } }>(
      app,
      'ServiceMonitor',
    );
    for (const d of deployments) {
      const labels = d.spec.template.metadata.labels;
      expect(selects(d.spec.selector.matchLabels, labels)).toBe(true);
      const service = services.filter((s) =>
        selects(s.spec.selector as unknown as Record<string, string>, labels),
      );
      expect(service).toHaveLength(1);
      expect(budgets.filter((b) => selects(b.spec.selector.matchLabels, labels))).toHaveLength(1);
      const scrapers = monitors.filter((m) =>
        selectsLabels(m.spec.selector, service[0].metadata.labels ?? {}),
      );
      expect({ service: service[0].metadata.name, scrapers: scrapers.length }).toEqual({
        service: service[0].metadata.name,
        scrapers: 1,
      });
      // The scraped port leads to a container port where the app serves /metrics: its PORT,
      // or (the api) the METRICS_PORT it is given. Prometheus's namespace may reach it.
      const ports = (
        service[0].spec as unknown as { ports: Array<{ name: string; targetPort: string }> }
      ).ports;
      const container = d.spec.template.spec.containers[0];
      const environment = environmentOf(d);
      for (const endpoint of scrapers[0].spec.endpoints) {
        const servicePort = ports.find((p) => p.name === endpoint.port);
        const target = container.ports?.find((p) => p.name === servicePort?.targetPort);
        expect(target).toBeDefined();
        const servedOn = target!.name === 'http' ? environment.PORT : environment.METRICS_PORT;
        expect(Number(servedOn)).toBe(target!.containerPort);
        const admitted = policies.filter(
          (p) =>
            selectsLabels(p.spec.podSelector, labels) &&
            p.spec.ingress.some(
              (rule) =>
                rule.from?.some((f) => f.namespaceSelector) &&
                rule.ports?.some((port) => port.port === target!.name),
            ),
        );
        expect({ deployment: d.metadata.name, admitted: admitted.length }).toEqual({
          deployment: d.metadata.name,
          admitted: 1,
        });
      }
    }
  });

  it('declares exactly the topics the services use, with the configured partitions', () => {
    const brokers = of<K8sObject & { spec: { replicas: number; roles: string[] } }>(
      rendered.kafka,
      'KafkaNodePool',
    )
      .filter((p) => p.spec.roles.includes('broker'))
      .reduce((n, p) => n + p.spec.replicas, 0);
    const expected = projectTopics({
      prefix: configMap.data.KAFKA_TOPIC_PREFIX,
      mentionPartitions: Number(configMap.data.KAFKA_MENTION_PARTITIONS),
      eventPartitions: Number(configMap.data.KAFKA_EVENT_PARTITIONS),
    });
    const declared = topics.map((t) => ({
      topic: t.spec.topicName,
      numPartitions: t.spec.partitions,
    }));
    expect(declared).toEqual(expect.arrayContaining(expected));
    expect(declared).toHaveLength(expected.length);
    for (const t of topics) {
      expect(t.metadata.labels?.['strimzi.io/cluster']).toBe(kafka.metadata.name);
      expect(t.spec.replicas as number).toBeLessThanOrEqual(brokers);
      expect(Number(t.spec.config['min.insync.replicas'])).toBeLessThanOrEqual(
        Math.max(1, (t.spec.replicas as number) - 1),
      );
      expect(Number(t.spec.config['retention.ms'])).toBeGreaterThan(0);
    }
  });

  it('scales matcher and router on their own consumer group lag, up to the partitions', () => {
    const scaled = of<
      K8sObject & {
        spec: {
          scaleTargetRef: { name: string };
          minReplicaCount: number;
          maxReplicaCount: number;
          triggers: Array<{ type: string; metadata: Record<string, string> }>;
        };
      }
    >(app, 'ScaledObject');
    expect(scaled.map((s) => s.spec.scaleTargetRef.name).sort()).toEqual(Object.keys(consumers));
    for (const s of scaled) {
      const target = deployments.find((d) => d.metadata.name === s.spec.scaleTargetRef.name)!;
      const consumer = consumers[target.metadata.name];
      const schema = schemas[target.metadata.name.replace(/^scb-/, '')];
      const config = loadConfig(schema, environmentOf(target)) as Record<string, string>;
      const topicName = qualifiedTopic(config.KAFKA_TOPIC_PREFIX, consumer.topic);
      const topic = topics.find((t) => t.spec.topicName === topicName)!;
      expect(target.spec.replicas).toBeUndefined(); // KEDA owns the count
      expect(s.spec.triggers).toHaveLength(1);
      expect(s.spec.triggers[0].type).toBe('kafka');
      expect(s.spec.triggers[0].metadata).toMatchObject({
        bootstrapServers: `${kafka.metadata.name}-kafka-bootstrap.${namespace}.svc:9092`,
        consumerGroup: qualifiedTopic(config.KAFKA_TOPIC_PREFIX, config[consumer.groupKey]),
        topic: topicName,
        allowIdleConsumers: 'false',
      });
      expect(Number(s.spec.triggers[0].metadata.lagThreshold)).toBeGreaterThan(0);
      expect(s.spec.minReplicaCount).toBeGreaterThanOrEqual(1);
      expect(s.spec.maxReplicaCount).toBeLessThanOrEqual(topic.spec.partitions as number);
      expect(s.spec.maxReplicaCount).toBeGreaterThanOrEqual(s.spec.minReplicaCount);
    }
  });

  it('migrates with the same image and database settings before the services roll', () => {
    const [job] = of<K8sObject & { spec: { template: { spec: PodSpec } } }>(
      rendered.migrate,
      'Job',
    );
    const [c] = job.spec.template.spec.containers;
    expect(c.command?.find((part) => part.endsWith('.js'))).toBe(
      'dist/libs/persistence/src/migrate.cli.js',
    );
    expect(existsSync(join(root, 'libs/persistence/src/migrate.cli.ts'))).toBe(true);
    expect(c.image).toBe(deployments[0].spec.template.spec.containers[0].image);
    expect(c.env).toEqual(
      expect.arrayContaining([
        {
          name: 'DATABASE_URL',
          valueFrom: { secretKeyRef: { name: 'scb-datastores', key: 'DATABASE_URL' } },
        },
        {
          name: 'DB_SCHEMA',
          valueFrom: { configMapKeyRef: { name: 'scb-config', key: 'DB_SCHEMA' } },
        },
      ]),
    );
    expect(c.securityContext).toMatchObject({ readOnlyRootFilesystem: true, runAsNonRoot: true });
  });
});
