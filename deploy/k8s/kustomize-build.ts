import { spawnSync } from 'node:child_process';
import { parseAllDocuments } from 'yaml';

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

/** What to install when no Kustomize is found (the kustomizations need Kustomize v5). */
export const KUSTOMIZE_MISSING =
  'deploy/k8s tests need Kustomize v5 to render the manifests, and neither `kubectl` nor ' +
  '`kustomize` is on the PATH. Install kubectl 1.27 or newer (it embeds Kustomize v5: ' +
  'https://kubernetes.io/docs/tasks/tools/) or a standalone kustomize v5 ' +
  '(https://kubectl.docs.kubernetes.io/installation/kustomize/). ' +
  "Debian's kubernetes-client package (kubectl 1.20) is too old.";

/** The commands tried in order: kubectl's embedded Kustomize, then a standalone binary. */
const RENDERERS = [
  { command: 'kubectl', args: (dir: string) => ['kustomize', dir] },
  { command: 'kustomize', args: (dir: string) => ['build', dir] },
] as const;

/**
 * Renders a kustomization directory with the real Kustomize (`kubectl kustomize <dir>`, or
 * `kustomize build <dir>`) and parses its multi-document YAML output with the `yaml` package.
 * Returns the objects in Kustomize's output order. `env` (default process.env) is the
 * binaries' environment, PATH included.
 * Throws KUSTOMIZE_MISSING when neither binary is on the PATH, and the tool's stderr when it
 * refuses the kustomization (or its output does not parse).
 */
export function renderKustomization(dir: string, env = process.env): K8sObject[] {
  for (const { command, args } of RENDERERS) {
    const run = spawnSync(command, args(dir), {
      encoding: 'utf8',
      env,
      maxBuffer: 64 * 1024 * 1024,
      timeout: 60_000,
    });
    if (run.error && (run.error as NodeJS.ErrnoException).code === 'ENOENT') continue;
    if (run.error) throw new Error(`${command} ${args(dir).join(' ')}: ${run.error.message}`);
    if (run.status !== 0) {
      throw new Error(
        `${command} ${args(dir).join(' ')} failed (Kustomize v5 needed):\n${run.stderr}`,
      );
    }
    return parseAllDocuments(run.stdout)
      .map((doc) => {
        if (doc.errors.length > 0) throw new Error(`${command} output: ${doc.errors[0].message}`);
        return doc.toJS() as K8sObject | null;
      })
      .filter((o): o is K8sObject => o !== null);
  }
  throw new Error(KUSTOMIZE_MISSING);
}

/** The image name without tag or digest (a registry port's colon is not a tag). */
export function imageName(image: string): string {
  const withoutDigest = image.split('@')[0];
  const slash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  return colon > slash ? withoutDigest.slice(0, colon) : withoutDigest;
}
