import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  imageName,
  KUSTOMIZE_MISSING,
  renderKustomization,
  type K8sObject,
} from './kustomize-build';

/** The renderer the manifest tests rely on is the real Kustomize, and it must be able to fail. */
describe('renderKustomization', () => {
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

  it('renders namespace, patches and image tags as Kustomize does', () => {
    write('web.yaml', deployment);
    write(
      'kustomization.yaml',
      [
        'namespace: shop',
        'resources: [web.yaml]',
        'images: [{ name: "registry:5000/team/web", newTag: 2.0.0 }]',
        'patches:',
        '  - target: { kind: Deployment, name: "w.b" }',
        '    patch: |-',
        '      [{"op": "replace", "path": "/spec/replicas", "value": 3}]',
      ].join('\n'),
    );
    const [web] = renderKustomization(dir) as Array<K8sObject & { spec: { replicas: number } }>;
    expect(web.metadata.namespace).toBe('shop');
    expect(web.spec.replicas).toBe(3);
    expect(JSON.stringify(web)).toContain('"image":"registry:5000/team/web:2.0.0"');
  });

  it("throws Kustomize's own error removing a missing path or reading a missing resource", () => {
    write('web.yaml', deployment);
    write(
      'kustomization.yaml',
      [
        'resources: [web.yaml]',
        'patches:',
        '  - target: { kind: Deployment }',
        '    patch: |-',
        '      [{"op": "remove", "path": "/spec/paused"}]',
      ].join('\n'),
    );
    expect(() => renderKustomization(dir)).toThrow(/failed[\s\S]*paused/);
    write('kustomization.yaml', 'resources: [absent.yaml]\n');
    expect(() => renderKustomization(dir)).toThrow(/absent\.yaml/);
  });

  it('fails, naming what to install, when neither kubectl nor kustomize is on the PATH', () => {
    write('web.yaml', deployment);
    write('kustomization.yaml', 'resources: [web.yaml]\n');
    // dir holds no binaries
    expect(() => renderKustomization(dir, { ...process.env, PATH: dir })).toThrow(
      KUSTOMIZE_MISSING,
    );
    expect(KUSTOMIZE_MISSING).toMatch(/kubectl/);
  });

  it('reads image names with registry ports and digests', () => {
    expect(imageName('registry:5000/team/web:1.0.0')).toBe('registry:5000/team/web');
    expect(imageName(`web@sha256:${'a'.repeat(64)}`)).toBe('web');
    expect(imageName('web')).toBe('web');
  });
});
