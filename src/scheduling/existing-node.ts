/**
 * An existing node or in-flight NodeClaim as a place to put pods
 * (https://karpenter.sh/docs/concepts/scheduling/): its labels as requirements, the taints
 * that count (startup and known-ephemeral taints are ignored while a managed
 * node initialises), and what is left of its allocatable.
 */
import type { DaemonSet, Pod, Taint } from '../apis/core-v1.js';
import { Labels } from '../apis/well-known-labels.js';
import { podRequests } from './pod-requests.js';
import { Requirements } from './requirements.js';
import type { ResourceIndex, Vector } from './resource-vector.js';
import { fromResourceList, type Resources } from './resources.js';
import type { SchedulingNode } from './snapshot.js';
import { tolerates } from './taints.js';

const EPHEMERAL_TAINT_KEYS = new Set([
  'node.kubernetes.io/not-ready',
  'node.kubernetes.io/unreachable',
  'node.cloudprovider.kubernetes.io/uninitialized',
  'karpenter.sh/unregistered',
]);

/** Is the pod still using its node's resources (not Succeeded or Failed)? */
export function isActivePod(pod: Pod): boolean {
  return pod.status?.phase !== 'Succeeded' && pod.status?.phase !== 'Failed';
}

/** An existing node (or in-flight claim) during one solve. */
export interface ExistingNode {
  readonly name: string;
  readonly hostname: string;
  readonly inFlight: boolean;
  readonly initialized: boolean;
  readonly nodePool: string | undefined;
  readonly labels: Readonly<Record<string, string>>;
  readonly requirements: Requirements;
  /** Taints a pod must tolerate to land here now. */
  readonly taints: readonly Taint[];
  readonly allocatable: Vector;
  /** Capacity, for NodePool limits. */
  readonly capacity: Resources;
  /** Requests of bound pods, missing DaemonSet pods and pods placed this round. */
  readonly used: Vector;
  readonly hostPorts: Set<string>;
  readonly pods: readonly Pod[];
  /** Pending pods nominated to this in-flight claim by an earlier round (tried here first). */
  readonly nominatedPods: readonly string[];
}

/** Estimates allocatable/capacity of a NodeClaim that has not launched yet (from its instance types). */
export type LaunchEstimate = (requirements: Requirements) => { allocatable: Resources; capacity: Resources } | undefined;

function effectiveTaints(source: SchedulingNode, managed: boolean, initialized: boolean): Taint[] {
  if (source.node === undefined) return source.nodeClaim?.spec.taints ?? [];
  const taints = source.node.spec.taints ?? [];
  if (!managed || initialized) return taints;
  const startup = source.nodeClaim?.spec.startupTaints ?? [];
  return taints.filter(
    (t) =>
      !EPHEMERAL_TAINT_KEYS.has(t.key) &&
      !startup.some((s) => s.key === t.key && s.effect === t.effect && (s.value ?? '') === (t.value ?? '')),
  );
}

function hostPortsOf(pods: readonly Pod[]): Set<string> {
  const out = new Set<string>();
  for (const pod of pods) {
    for (const c of pod.spec.containers)
      for (const p of c.ports ?? []) if (p.hostPort) out.add(`${p.hostIP ?? '0.0.0.0'}/${p.protocol ?? 'TCP'}/${p.hostPort}`);
  }
  return out;
}

/** Subtracts the requests of DaemonSets that will run here but whose pod is not bound yet. */
function missingDaemonRequests(node: ExistingNode, daemonSets: readonly DaemonSet[], resources: ResourceIndex): void {
  for (const ds of daemonSets) {
    const present = node.pods.some((p) => p.metadata.ownerReferences?.some((o) => o.kind === 'DaemonSet' && o.name === ds.metadata.name));
    if (present) continue;
    const spec = ds.spec.template.spec;
    if (
      !tolerates(
        spec.tolerations,
        node.taints.filter((t) => t.effect !== 'PreferNoSchedule'),
      ).ok
    )
      continue;
    if (!node.requirements.compatible(Requirements.fromLabels(spec.nodeSelector), { allowUndefined: new Set() }).ok) continue;
    const requests = resources.vector(podRequests({ apiVersion: 'v1', kind: 'Pod', metadata: {}, spec }));
    requests[2] += 1;
    for (let i = 0; i < requests.length; i++) node.used[i] += requests[i];
  }
}

/** Builds the solver's view of one state node, or undefined when it cannot take pods (deleting, cordoned, no capacity known). */
export function existingNode(
  source: SchedulingNode,
  resources: ResourceIndex,
  daemonSets: readonly DaemonSet[],
  estimate: LaunchEstimate,
): ExistingNode | undefined {
  if (source.markedForDeletion || source.node?.spec.unschedulable === true) return undefined;
  const claim = source.nodeClaim;
  const name = source.node?.metadata.name ?? claim?.metadata.name ?? '';
  const claimRequirements = source.node === undefined && claim !== undefined ? Requirements.from(claim.spec.requirements) : undefined;
  const labels: Record<string, string> = {
    ...(claimRequirements?.labels() ?? {}),
    ...(claim?.metadata.labels ?? {}),
    ...(source.node?.metadata.labels ?? {}),
  };
  labels[Labels.hostname] ??= name;
  let requirements = Requirements.fromLabels(labels);
  if (claimRequirements !== undefined) requirements = requirements.intersect(claimRequirements);
  const managed = claim !== undefined;
  const initialized = !managed || labels[Labels.initialized] === 'true';
  const launched = estimate(requirements);
  const allocatableList = source.node?.status?.allocatable ?? claim?.status?.allocatable;
  const allocatable = allocatableList !== undefined ? fromResourceList(allocatableList) : launched?.allocatable;
  if (allocatable === undefined) return undefined;
  const capacityList = source.node?.status?.capacity ?? claim?.status?.capacity;
  const node: ExistingNode = {
    name,
    hostname: labels[Labels.hostname],
    inFlight: source.node === undefined,
    initialized,
    nodePool: labels[Labels.nodePool],
    labels,
    requirements,
    taints: effectiveTaints(source, managed, initialized),
    allocatable: resources.vector(allocatable),
    capacity: capacityList !== undefined ? fromResourceList(capacityList) : (launched?.capacity ?? allocatable),
    used: resources.zero(),
    hostPorts: hostPortsOf(source.pods),
    pods: source.pods,
    nominatedPods: source.node === undefined ? (source.nominatedPods ?? []) : [],
  };
  for (const pod of source.pods) {
    if (!isActivePod(pod)) continue;
    const requests = resources.vector(podRequests(pod));
    requests[2] += 1;
    for (let i = 0; i < requests.length; i++) node.used[i] += requests[i];
  }
  missingDaemonRequests(node, daemonSets, resources);
  return node;
}

/** Initialized nodes first, then by name (upstream's order of existing nodes). */
export function compareExistingNodes(a: ExistingNode, b: ExistingNode): number {
  if (a.initialized !== b.initialized) return a.initialized ? -1 : 1;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}
