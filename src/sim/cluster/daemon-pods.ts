/**
 * The DaemonSet part of the workload controller, as a pure plan: one pod per
 * DaemonSet on every node whose labels match the template's node selector
 * and affinity and whose NoSchedule/NoExecute taints the template tolerates
 * (plus the tolerations the DaemonSet controller adds itself). Pods are
 * created with `spec.nodeName` set, as the DaemonSet controller did before
 * scheduling moved to kube-scheduler; they run before karpd registers the
 * node only if they tolerate its `karpenter.sh/unregistered` taint.
 */
import type { DaemonSet, Node, Pod, Toleration } from '../../apis/core-v1.js';
import type { OwnerReference } from '../../apis/object-meta.js';
import { hexHash } from '../../cloudprovider/sim/seeded.js';
import { untoleratedTaints } from '../../scheduling/taints.js';
import { podFromTemplate } from './workload-pods.js';
import { isTerminal } from './node-info.js';
import { matchesNodeAffinity } from './selectors.js';

/** The tolerations the DaemonSet controller adds to every daemon pod. */
export const DAEMON_TOLERATIONS: readonly Toleration[] = Object.freeze([
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
] as Toleration[]);

/** A daemon pod to create. */
export interface DaemonPod {
  readonly daemonSet: DaemonSet;
  readonly nodeName: string;
  readonly pod: Pod;
}

function ownerOf(ds: DaemonSet): OwnerReference {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    name: ds.metadata.name ?? '',
    uid: ds.metadata.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** Would this DaemonSet run a pod on this node? */
export function runsOn(ds: DaemonSet, node: Node): boolean {
  if (node.metadata.deletionTimestamp !== undefined) return false;
  const spec = ds.spec.template.spec;
  const probe: Pod = { apiVersion: 'v1', kind: 'Pod', metadata: {}, spec };
  if (!matchesNodeAffinity(probe, node)) return false;
  const hard = (node.spec.taints ?? []).filter((t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute');
  return untoleratedTaints([...(spec.tolerations ?? []), ...DAEMON_TOLERATIONS], hard).length === 0;
}

/** The daemon pod of `ds` for `node` (name deterministic from the seed, DaemonSet and node). */
export function daemonPod(ds: DaemonSet, node: Node, seed: number): Pod {
  const nodeName = node.metadata.name ?? '';
  const pod = podFromTemplate(ds.spec.template, {
    name: `${ds.metadata.name ?? 'ds'}-${hexHash(seed, 5, ds.metadata.uid ?? '', nodeName)}`,
    namespace: ds.metadata.namespace ?? 'default',
    owner: ownerOf(ds),
  });
  pod.spec.nodeName = nodeName;
  pod.spec.tolerations = [...(pod.spec.tolerations ?? []), ...DAEMON_TOLERATIONS];
  return pod;
}

/** The daemon pods missing from the nodes (a pod being deleted or finished counts as missing). */
export function missingDaemonPods(
  daemonSets: readonly DaemonSet[],
  nodes: readonly Node[],
  pods: readonly Pod[],
  seed: number,
): DaemonPod[] {
  const present = new Set<string>();
  for (const pod of pods) {
    if (isTerminal(pod) || pod.metadata.deletionTimestamp !== undefined) continue;
    for (const ref of pod.metadata.ownerReferences ?? [])
      if (ref.kind === 'DaemonSet') present.add(`${ref.uid}/${pod.spec.nodeName ?? ''}`);
  }
  const out: DaemonPod[] = [];
  for (const ds of daemonSets) {
    if (ds.metadata.deletionTimestamp !== undefined) continue;
    for (const node of nodes) {
      const nodeName = node.metadata.name ?? '';
      if (present.has(`${ds.metadata.uid}/${nodeName}`) || !runsOn(ds, node)) continue;
      out.push({ daemonSet: ds, nodeName, pod: daemonPod(ds, node, seed) });
    }
  }
  return out;
}
