/**
 * The Kubernetes objects the replay writes in place of the API server, kubelet and kube-scheduler: a launched
 * NodeClaim's name and conditions, the Node its instance registers once running (Ready at once: the scenario's
 * boot time is launch → Ready), a pod bound to a node, a pod evicted back to Pending, and the Unschedulable
 * condition kube-scheduler writes (the provisioner's trigger). Pure.
 */
import type { Condition } from '../apis/object-meta.js';
import type { Node, Pod } from '../apis/core-v1.js';
import type { NodeClaim } from '../apis/nodeclaim.js';
import { NodeClaimConditions } from '../apis/nodeclaim.js';
import { Labels, Taints } from '../apis/well-known-labels.js';

/** RFC 3339 to the second, as the API server writes times. */
export function timeText(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function withCondition(conditions: readonly Condition[] | undefined, condition: Condition): Condition[] {
  return [...(conditions ?? []).filter((c) => c.type !== condition.type), condition];
}

/** The claim as the API server stores it on create: named, stamped, `Launched` once the cloud answered. */
export function createdNodeClaim(claim: NodeClaim, name: string, now: number): NodeClaim {
  return { ...claim, metadata: { ...claim.metadata, name, uid: `uid-${name}`, creationTimestamp: timeText(now) } };
}

/** The launched claim with `Launched=True`. */
export function launchedConditions(claim: NodeClaim, now: number): NodeClaim {
  const conditions = withCondition(claim.status?.conditions, {
    type: NodeClaimConditions.launched,
    status: 'True',
    lastTransitionTime: timeText(now),
  });
  return { ...claim, status: { ...claim.status, conditions } };
}

/** The claim once its Node registered and is Ready: `Registered`, `Initialized` True and `status.nodeName`. */
export function initializedClaim(claim: NodeClaim, nodeName: string, now: number): NodeClaim {
  let conditions = claim.status?.conditions ?? [];
  for (const type of [NodeClaimConditions.registered, NodeClaimConditions.initialized])
    conditions = withCondition(conditions, { type, status: 'True', lastTransitionTime: timeText(now) });
  return { ...claim, status: { ...claim.status, nodeName, conditions } };
}

/** The claim with its `Consolidatable` condition set to `status`, or removed (`undefined`). */
export function withConsolidatable(claim: NodeClaim, status: 'True' | 'False' | undefined, now: number): NodeClaim {
  const others = (claim.status?.conditions ?? []).filter((c) => c.type !== NodeClaimConditions.consolidatable);
  const conditions =
    status === undefined ? others : [...others, { type: NodeClaimConditions.consolidatable, status, lastTransitionTime: timeText(now) }];
  return { ...claim, status: { ...claim.status, conditions } };
}

/** The Node a running instance registers for `claim` (named after the claim), Ready, with the claim's taints. */
export function registeredNode(claim: NodeClaim, now: number): Node {
  const name = claim.metadata.name ?? '';
  const labels = {
    ...(claim.metadata.labels ?? {}),
    [Labels.hostname]: name,
    [Labels.registered]: 'true',
    [Labels.initialized]: 'true',
  };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, uid: `uid-node-${name}`, labels, creationTimestamp: timeText(now) },
    spec: { providerID: claim.status?.providerID ?? '', ...(claim.spec.taints ? { taints: [...claim.spec.taints] } : {}) },
    status: {
      capacity: { ...(claim.status?.capacity ?? {}) },
      allocatable: { ...(claim.status?.allocatable ?? claim.status?.capacity ?? {}) },
      conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', lastTransitionTime: timeText(now) }],
    },
  };
}

/** The node with the `karpenter.sh/disrupted:NoSchedule` taint added (`on`) or taken off. */
export function withDisruptedTaint(node: Node, on: boolean): Node {
  const others = (node.spec.taints ?? []).filter((t) => !(t.key === Taints.disrupted.key && t.effect === Taints.disrupted.effect));
  return { ...node, spec: { ...node.spec, taints: on ? [...others, { ...Taints.disrupted }] : others } };
}

/** The pod bound to `nodeName` and running. */
export function boundPod(pod: Pod, nodeName: string, now: number): Pod {
  const time = timeText(now);
  return {
    ...pod,
    spec: { ...pod.spec, nodeName },
    status: {
      phase: 'Running',
      conditions: [
        { type: 'PodScheduled', status: 'True', lastTransitionTime: time },
        { type: 'Ready', status: 'True', lastTransitionTime: time },
      ],
    },
  };
}

/** The pod evicted from its node: Pending again, unbound, with no conditions (kube-scheduler looks at it afresh). */
export function evictedPod(pod: Pod): Pod {
  const { nodeName: _nodeName, ...spec } = pod.spec;
  return { ...pod, spec: spec as Pod['spec'], status: { phase: 'Pending' } };
}
