import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';

/** A rendered Kubernetes object: what `kubectl apply` receives. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  [field: string]: unknown;
}

interface PatchTarget {
  kind?: string;
  name?: string;
}

interface Kustomization {
  apiVersion?: string;
  kind?: string;
  namespace?: string;
  resources?: string[];
  images?: Array<{ name: string; newName?: string; newTag?: string; digest?: string }>;
  patches?: Array<{ target?: PatchTarget; patch?: string; path?: string }>;
  configMapGenerator?: Array<{
    name: string;
    files?: string[];
    literals?: string[];
    options?: { disableNameSuffixHash?: boolean; labels?: Record<string, string> };
  }>;
}

interface JsonPatchOp {
  op: 'add' | 'replace' | 'remove';
  path: string;
  value?: unknown;
}

/** The kustomization fields this renderer implements; any other field is refused, not ignored. */
const SUPPORTED = new Set([
  'apiVersion',
  'kind',
  'namespace',
  'resources',
  'images',
  'patches',
  'configMapGenerator',
]);

/** Kinds the namespace transformer leaves alone (cluster-scoped). */
const CLUSTER_SCOPED = new Set([
  'Namespace',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
  'PriorityClass',
  'StorageClass',
]);

/**
 * Renders a kustomization directory the way `kustomize build` (v5) does, for the subset of
 * Kustomize the manifests under deploy/k8s use: `resources` (files and directories),
 * `namespace`, `images` (newName/newTag/digest on containers and initContainers),
 * `patches` holding RFC 6902 JSON patches with a `target` (kind, and name as an anchored regular
 * expression, as Kustomize selects), and `configMapGenerator` with `files`/`literals` and
 * `disableNameSuffixHash: true` (hashed names would need name-reference rewriting).
 * Kustomize is not installed everywhere the tests run; where `kubectl kustomize` is, the test
 * compares both renderings. Throws on any field or patch shape outside that subset.
 */
export function renderKustomization(dir: string): K8sObject[] {
  const root = resolve(dir);
  const k = parse(readFileSync(join(root, 'kustomization.yaml'), 'utf8')) as Kustomization;
  for (const field of Object.keys(k)) {
    if (!SUPPORTED.has(field)) throw new Error(`${root}: unsupported kustomize field "${field}"`);
  }
  let objects: K8sObject[] = [];
  for (const entry of k.resources ?? []) {
    const path = join(root, entry);
    objects.push(...(statSync(path).isDirectory() ? renderKustomization(path) : readObjects(path)));
  }
  for (const generator of k.configMapGenerator ?? []) objects.push(configMap(root, generator));
  for (const patch of k.patches ?? []) {
    const ops = parse(patch.patch ?? readFileSync(join(root, patch.path ?? ''), 'utf8')) as unknown;
    if (!Array.isArray(ops)) throw new Error(`${root}: only JSON 6902 patches are supported`);
    const targets = objects.filter((o) => matches(o, patch.target ?? {}));
    if (targets.length === 0) throw new Error(`${root}: patch target matched nothing`);
    objects = objects.map((o) =>
      targets.includes(o) ? applyJsonPatch(o, ops as JsonPatchOp[]) : o,
    );
  }
  if (k.namespace) {
    for (const o of objects) {
      if (!CLUSTER_SCOPED.has(o.kind)) o.metadata.namespace = k.namespace;
    }
  }
  for (const image of k.images ?? []) for (const o of objects) setImages(o, image);
  return objects;
}

function readObjects(path: string): K8sObject[] {
  return parseAllDocuments(readFileSync(path, 'utf8'))
    .map((doc) => {
      if (doc.errors.length > 0) throw new Error(`${path}: ${doc.errors[0].message}`);
      return doc.toJS() as K8sObject | null;
    })
    .filter((o): o is K8sObject => o !== null);
}

function configMap(
  root: string,
  generator: NonNullable<Kustomization['configMapGenerator']>[number],
): K8sObject {
  if (generator.options?.disableNameSuffixHash !== true) {
    throw new Error(`${root}: configMapGenerator ${generator.name} needs disableNameSuffixHash`);
  }
  const data: Record<string, string> = {};
  for (const file of generator.files ?? []) {
    const [key, source] = file.includes('=') ? file.split('=', 2) : [file, file];
    data[key] = readFileSync(join(root, source), 'utf8');
  }
  for (const literal of generator.literals ?? []) {
    const at = literal.indexOf('=');
    data[literal.slice(0, at)] = literal.slice(at + 1);
  }
  const labels = generator.options.labels;
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: generator.name, ...(labels ? { labels: { ...labels } } : {}) },
    data,
  };
}

function matches(o: K8sObject, target: PatchTarget): boolean {
  if (target.kind && o.kind !== target.kind) return false;
  return !target.name || new RegExp(`^(?:${target.name})$`).test(o.metadata.name);
}

/** RFC 6902 add/replace/remove on a copy; a replace or remove of a missing path throws. */
export function applyJsonPatch<T>(document: T, ops: JsonPatchOp[]): T {
  const copy = structuredClone(document);
  for (const { op, path, value } of ops) {
    const keys = path
      .split('/')
      .slice(1)
      .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    const last = keys.pop();
    if (last === undefined) throw new Error(`patch path "${path}" must not be the root`);
    let parent: unknown = copy;
    for (const key of keys) {
      parent = (parent as Record<string, unknown> | undefined)?.[key];
      if (parent === null || typeof parent !== 'object') {
        throw new Error(`patch path "${path}": "${key}" does not exist`);
      }
    }
    const container = parent as Record<string, unknown>;
    if (Array.isArray(container)) {
      const index = last === '-' ? container.length : Number(last);
      if (!Number.isInteger(index) || index < 0 || index > container.length) {
        throw new Error(`patch path "${path}": bad array index`);
      }
      if (op !== 'add' && index >= container.length) {
        throw new Error(`patch path "${path}" does not exist`);
      }
      if (op === 'add') container.splice(index, 0, structuredClone(value));
      else if (op === 'replace') container[index] = structuredClone(value);
      else container.splice(index, 1);
    } else {
      if (op !== 'add' && !(last in container)) {
        throw new Error(`patch path "${path}" does not exist`);
      }
      if (op === 'remove') delete container[last];
      else container[last] = structuredClone(value);
    }
  }
  return copy;
}

/** The image name without tag or digest (a registry port's colon is not a tag). */
export function imageName(image: string): string {
  const withoutDigest = image.split('@')[0];
  const slash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  return colon > slash ? withoutDigest.slice(0, colon) : withoutDigest;
}

function setImages(o: unknown, image: NonNullable<Kustomization['images']>[number]): void {
  if (Array.isArray(o)) {
    for (const item of o) setImages(item, image);
    return;
  }
  if (o === null || typeof o !== 'object') return;
  for (const [key, value] of Object.entries(o as Record<string, unknown>)) {
    if ((key === 'containers' || key === 'initContainers') && Array.isArray(value)) {
      for (const container of value as Array<{ image?: string }>) {
        if (!container.image || imageName(container.image) !== image.name) continue;
        const name = image.newName ?? image.name;
        const current = container.image.slice(imageName(container.image).length);
        const suffix = image.digest
          ? `@${image.digest}`
          : image.newTag
            ? `:${image.newTag}`
            : current;
        container.image = `${name}${suffix}`;
      }
    } else {
      setImages(value, image);
    }
  }
}

/** Every kustomization directory under `dir` (overlays), sorted. */
export function kustomizationDirs(dir: string): string[] {
  const found: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(join(d, entry.name));
      else if (entry.name === 'kustomization.yaml') found.push(d);
    }
  };
  walk(dir);
  return found.sort();
}
