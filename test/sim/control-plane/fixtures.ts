/** Builders shared by the control-plane tests. */
import { FakeClock } from '../../../src/testing/fake-clock.js';
import { createControlPlaneCore } from '../../../src/sim/control-plane/control-plane.js';
import type { Dict } from '../../../src/sim/control-plane/object.js';

/** A control plane without HTTP, on a fake clock. */
export function core(options: { historyLimit?: number; podTerminationDelayMs?: number } = {}) {
  const clock = new FakeClock(new Date('2026-11-22T10:00:00Z'));
  const { deps, stop } = createControlPlaneCore({ clock, ...options });
  const t = (group: string, resource: string) => {
    const type = deps.registry.all().find((r) => r.group === group && r.resource === resource);
    if (type === undefined) throw new Error(`no type ${group}/${resource}`);
    return type;
  };
  return { clock, api: deps.api, registry: deps.registry, store: deps.api.store, stop, t };
}

/** A NodePool manifest. */
export function nodePool(name: string, spec: Dict = {}): Dict {
  return {
    apiVersion: 'karpenter.sh/v1',
    kind: 'NodePool',
    metadata: { name },
    spec: {
      template: { spec: { nodeClassRef: { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: 'default' }, requirements: [] } },
      ...spec,
    },
  };
}

/** A pod manifest, optionally bound and labelled. */
export function pod(name: string, options: { node?: string; labels?: Record<string, string>; owner?: Dict } = {}): Dict {
  const metadata: Dict = { name, labels: options.labels ?? {} };
  if (options.owner) metadata.ownerReferences = [options.owner];
  const spec: Dict = { containers: [{ name: 'c', image: 'nginx' }] };
  if (options.node) spec.nodeName = options.node;
  return { apiVersion: 'v1', kind: 'Pod', metadata, spec };
}

/** The status of a Running, Ready pod. */
export const RUNNING_READY = { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] };

/** Flushes queued microtasks (the PDB controller runs in one). */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
