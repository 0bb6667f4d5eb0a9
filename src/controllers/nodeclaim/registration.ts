/**
 * Registration and initialization steps of the NodeClaim lifecycle
 * (https://karpenter.sh/docs/concepts/nodeclaims/): find the Node with the claim's
 * providerID, sync the claim's finalizer, owner, taints and labels onto it,
 * drop the unregistered taint; then wait for Ready, startup taints gone and
 * requested resources reported before marking the claim Initialized.
 */
import type { Node, Taint } from '../../apis/core-v1.js';
import type { NodeClaim } from '../../apis/nodeclaim.js';
import { NodeClaimConditions } from '../../apis/nodeclaim.js';
import { Labels, TERMINATION_FINALIZER, Taints } from '../../apis/well-known-labels.js';
import { fromResourceList } from '../../scheduling/resources.js';
import { isConditionTrue, setCondition } from '../conditions.js';
import type { ControllerContext } from '../runtime/controller-context.js';

const KNOWN_EPHEMERAL_TAINTS: ReadonlyArray<Pick<Taint, 'key' | 'effect'>> = [
  { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' },
  { key: 'node.cloudprovider.kubernetes.io/uninitialized', effect: 'NoSchedule' },
  Taints.unregistered,
];

const sameTaint = (a: Pick<Taint, 'key' | 'effect'>, b: Pick<Taint, 'key' | 'effect'>) => a.key === b.key && a.effect === b.effect;

/** The Node registered for this claim, if exactly one exists. */
export function nodeForClaim(nodes: readonly Node[], claim: NodeClaim): { node?: Node; problem?: 'NodeNotFound' | 'MultipleNodesFound' } {
  const providerID = claim.status?.providerID;
  const matches = providerID ? nodes.filter((node) => node.spec.providerID === providerID) : [];
  if (matches.length === 0) return { problem: 'NodeNotFound' };
  if (matches.length > 1) return { problem: 'MultipleNodesFound' };
  return { node: matches[0] };
}

/** The Node as it should look once registered to `claim`. */
export function registeredNode(node: Node, claim: NodeClaim): Node {
  const syncTaints = node.metadata.labels?.[Labels.doNotSyncTaints] !== 'true';
  const claimTaints = syncTaints ? [...(claim.spec.taints ?? []), ...(claim.spec.startupTaints ?? [])] : [];
  const kept = (node.spec.taints ?? []).filter((t) => !sameTaint(t, Taints.unregistered) && !claimTaints.some((c) => sameTaint(c, t)));
  const owner = {
    apiVersion: claim.apiVersion,
    kind: claim.kind,
    name: claim.metadata.name ?? '',
    uid: claim.metadata.uid ?? '',
    blockOwnerDeletion: true,
  };
  const owners = (node.metadata.ownerReferences ?? []).filter((ref) => ref.uid !== owner.uid);
  return {
    ...node,
    metadata: {
      ...node.metadata,
      labels: { ...(node.metadata.labels ?? {}), ...(claim.metadata.labels ?? {}), [Labels.registered]: 'true' },
      annotations: { ...(node.metadata.annotations ?? {}), ...(claim.metadata.annotations ?? {}) },
      finalizers: [...new Set([...(node.metadata.finalizers ?? []), TERMINATION_FINALIZER])],
      ownerReferences: [...owners, owner],
    },
    spec: { ...node.spec, taints: [...kept, ...claimTaints] },
  };
}

/** Registers the claim's Node, or records why it cannot yet. */
export async function registerNodeClaim(ctx: ControllerContext, claim: NodeClaim, nodes: readonly Node[]): Promise<void> {
  const name = claim.metadata.name ?? '';
  const found = nodeForClaim(nodes, claim);
  if (found.node === undefined) {
    const status = found.problem === 'MultipleNodesFound' ? 'False' : 'Unknown';
    const current = claim.status?.conditions?.find((c) => c.type === NodeClaimConditions.registered);
    if (current?.reason !== found.problem) {
      const conditions = setCondition(
        claim.status?.conditions,
        {
          type: NodeClaimConditions.registered,
          status,
          reason: found.problem ?? 'NodeNotFound',
          message: 'Node not registered with cluster',
        },
        ctx.now(),
      );
      await ctx.kube.patchNodeClaimStatus(name, { conditions });
    }
    return;
  }
  const nodeName = found.node.metadata.name ?? '';
  await ctx.kube.updateNode(nodeName, (node) => registeredNode(node, claim));
  const conditions = setCondition(
    claim.status?.conditions,
    { type: NodeClaimConditions.registered, status: 'True', reason: 'Registered' },
    ctx.now(),
  );
  ctx.state.upsert('nodeClaims', await ctx.kube.patchNodeClaimStatus(name, { nodeName, conditions }));
  ctx.metrics.nodesCreated.inc({ nodepool: claim.metadata.labels?.[Labels.nodePool] ?? '' });
  ctx.logger.info(
    { controller: 'nodeclaim.lifecycle', nodeClaim: name, node: nodeName, providerID: claim.status?.providerID },
    'registered node',
  );
}

/** Why the claim's Node is not initialized yet, or undefined when it is. */
export function initializationBlocker(node: Node | undefined, claim: NodeClaim): string | undefined {
  if (node === undefined) return 'NodeNotFound';
  if (!isConditionTrue(node.status?.conditions, 'Ready')) return 'NodeNotReady';
  const taints = node.spec.taints ?? [];
  if ((claim.spec.startupTaints ?? []).some((startup) => taints.some((t) => sameTaint(t, startup)))) return 'StartupTaintsExist';
  if (taints.some((t) => KNOWN_EPHEMERAL_TAINTS.some((known) => sameTaint(known, t)))) return 'KnownEphemeralTaintsExist';
  const requested = fromResourceList(claim.spec.resources?.requests);
  const allocatable = fromResourceList(node.status?.allocatable);
  const missing = Object.keys(requested).find(
    (resource) =>
      !['cpu', 'memory', 'pods', 'ephemeral-storage'].includes(resource) && requested[resource] > 0 && (allocatable[resource] ?? 0) === 0,
  );
  return missing === undefined ? undefined : 'ResourceNotRegistered';
}

/** Marks the claim (and its Node) initialized once nothing blocks it. */
export async function initializeNodeClaim(ctx: ControllerContext, claim: NodeClaim, nodes: readonly Node[]): Promise<void> {
  const name = claim.metadata.name ?? '';
  const { node } = nodeForClaim(nodes, claim);
  const blocker = initializationBlocker(node, claim);
  const current = claim.status?.conditions?.find((c) => c.type === NodeClaimConditions.initialized);
  if (blocker !== undefined) {
    if (current?.reason !== blocker) {
      const conditions = setCondition(
        claim.status?.conditions,
        { type: NodeClaimConditions.initialized, status: 'Unknown', reason: blocker },
        ctx.now(),
      );
      await ctx.kube.patchNodeClaimStatus(name, { conditions });
    }
    return;
  }
  const nodeName = node?.metadata.name ?? '';
  await ctx.kube.updateNode(nodeName, (n) =>
    n.metadata.labels?.[Labels.initialized] === 'true'
      ? undefined
      : { ...n, metadata: { ...n.metadata, labels: { ...(n.metadata.labels ?? {}), [Labels.initialized]: 'true' } } },
  );
  let conditions = setCondition(
    claim.status?.conditions,
    { type: NodeClaimConditions.initialized, status: 'True', reason: 'Initialized' },
    ctx.now(),
  );
  conditions = setCondition(conditions, { type: NodeClaimConditions.ready, status: 'True', reason: 'Ready' }, ctx.now());
  ctx.state.upsert('nodeClaims', await ctx.kube.patchNodeClaimStatus(name, { conditions }));
  ctx.logger.info({ controller: 'nodeclaim.lifecycle', nodeClaim: name, node: nodeName }, 'node initialized');
}
