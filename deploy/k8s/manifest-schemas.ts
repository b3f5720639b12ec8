import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import * as keda from '@kubernetes-models/keda/keda.sh/v1alpha1';
import * as monitoring from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';
import * as appsV1 from 'kubernetes-models/apps/v1';
import * as batchV1 from 'kubernetes-models/batch/v1';
import * as networkingV1 from 'kubernetes-models/networking.k8s.io/v1';
import * as policyV1 from 'kubernetes-models/policy/v1';
import * as coreV1 from 'kubernetes-models/v1';
import type { K8sObject } from './kustomize-build';

type ModelClass = new (data: unknown) => { validate(): void };

/**
 * Schema packages by apiVersion: Kubernetes' own OpenAPI schemas (kubernetes-models) and the
 * CRD schemas that packages ship (KEDA, Prometheus Operator). Their classes validate.
 */
const MODELS: Record<string, Record<string, unknown>> = {
  v1: coreV1,
  'apps/v1': appsV1,
  'batch/v1': batchV1,
  'policy/v1': policyV1,
  'networking.k8s.io/v1': networkingV1,
  'keda.sh/v1alpha1': keda,
  'monitoring.coreos.com/v1': monitoring,
};

/** Strimzi ships no schema package: deploy/k8s/schemas holds ours, from its API reference. */
const STRIMZI_SCHEMAS: Record<string, string> = {
  Kafka: 'kafka.schema.json',
  KafkaNodePool: 'kafka-node-pool.schema.json',
  KafkaTopic: 'kafka-topic.schema.json',
};

const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
const strimziValidators = new Map<string, ValidateFunction>(
  Object.entries(STRIMZI_SCHEMAS).map(([kind, file]) => [
    kind,
    ajv.compile(JSON.parse(readFileSync(join(__dirname, 'schemas', file), 'utf8')) as object),
  ]),
);

/**
 * Validates one object against its schema; returns the problems (empty when valid). An object
 * of a kind no schema covers is a problem too, so nothing passes unchecked.
 */
export function schemaProblems(object: K8sObject): string[] {
  const id = `${object.apiVersion} ${object.kind} ${object.metadata?.name}`;
  if (object.apiVersion === 'kafka.strimzi.io/v1beta2') {
    const validate = strimziValidators.get(object.kind);
    if (!validate) return [`${id}: no schema for this Strimzi kind`];
    return validate(object)
      ? []
      : (validate.errors ?? []).map((e) => `${id}: ${e.instancePath} ${e.message}`);
  }
  const model = MODELS[object.apiVersion]?.[object.kind] as ModelClass | undefined;
  if (!model) return [`${id}: no schema for this apiVersion and kind`];
  try {
    new model(object).validate();
    return [];
  } catch (error) {
    return [`${id}: ${error instanceof Error ? error.message : String(error)}`];
  }
}
