/**
 * What an API server hands back for an object it was given, done in-process
 * the way the embedded control plane does it: the CRD schema defaults from
 * deploy/crds (the server's own defaulting code), server-set metadata,
 * managedFields, a status, and the annotations Karpenter's controllers add.
 */
import type { KubeObject } from '../../../src/apis/object-meta.js';
import { loadCrdManifests } from '../../../src/sim/control-plane/crd-manifests.js';
import type { Dict } from '../../../src/sim/control-plane/object.js';
import { applySchemaDefaults } from '../../../src/sim/control-plane/schema-defaults.js';

const SCHEMAS = new Map(
  loadCrdManifests().map((crd) => {
    const version = crd.spec.versions[0];
    return [`${crd.spec.group}/${version.name}/${crd.spec.names.kind}`, version.schema.openAPIV3Schema as Dict];
  }),
);

/** `object` as a server stores and returns it, with Karpenter's hash annotations and a status. */
export function serverReadBack<T extends KubeObject>(object: T): T {
  const schema = SCHEMAS.get(`${object.apiVersion}/${object.kind}`);
  const stored = applySchemaDefaults(structuredClone(object), schema) as T & { status?: unknown };
  stored.metadata = {
    ...stored.metadata,
    uid: '6f1c1f2e-0000-4000-8000-000000000001',
    resourceVersion: '4711',
    generation: 3,
    creationTimestamp: '2025-01-01T00:00:00Z',
    annotations: {
      ...(stored.metadata.annotations ?? {}),
      'karpenter.sh/nodepool-hash': '1234567890',
      'karpenter.sh/nodepool-hash-version': 'v3',
      'karpenter.k8s.aws/ec2nodeclass-hash': '987',
      'karpenter.k8s.aws/ec2nodeclass-hash-version': 'v4',
    },
  };
  (stored.metadata as Record<string, unknown>).managedFields = [{ manager: 'karpd', operation: 'Apply', apiVersion: object.apiVersion }];
  stored.status = {
    conditions: [{ type: 'Ready', status: 'True', reason: 'Ready', message: '', lastTransitionTime: '2025-01-01T00:00:00Z' }],
    nodes: 2,
  };
  return stored;
}
