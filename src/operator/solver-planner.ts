/**
 * The provisioner's Planner over the pure solver: hands it the snapshot's
 * state nodes, the usable pools with their instance types and the
 * DaemonSets, and maps its result onto create / nominate / explain.
 */
import type { Pod } from '../apis/core-v1.js';
import { unreadablePodReason } from '../apis/pod-readable.js';
import type { Planner } from '../controllers/provisioner/planner.js';
import { podKey } from '../scheduling/pod-info.js';
import type { SolveOptions } from '../scheduling/snapshot.js';
import { SolveCache } from '../scheduling/solve-cache.js';
import { solve } from '../scheduling/solve.js';

/**
 * The state node without bound pods that cannot be read (a malformed pod the API server stored): the solver
 * would fail on its requests for the whole round. It still counts as a node; the pod's requests are unknown.
 */
function withReadablePods<T extends { readonly pods: readonly Pod[] }>(stateNode: T): T {
  if (stateNode.pods.every((pod) => unreadablePodReason(pod) === undefined)) return stateNode;
  return { ...stateNode, pods: stateNode.pods.filter((pod) => unreadablePodReason(pod) === undefined) };
}

/** A Planner backed by {@link solve}; it keeps one SolveCache so pool setup is reused between rounds. */
export function solverPlanner(options: SolveOptions = {}): Planner {
  const cache = options.cache ?? new SolveCache();
  return ({ snapshot, pods, nodePools, instanceTypes }) => {
    const byKey = new Map<string, Pod>(pods.map((pod) => [podKey(pod), pod]));
    const podsOf = (keys: readonly string[]) => keys.flatMap((key) => byKey.get(key) ?? []);
    const result = solve(
      {
        nodes: snapshot.stateNodes.map(withReadablePods),
        nodePools: nodePools.map((nodePool) => ({ nodePool, instanceTypes: instanceTypes.get(nodePool.metadata.name ?? '') ?? [] })),
        daemonSets: snapshot.daemonSets,
      },
      pods,
      { ...options, cache },
    );
    return {
      newNodeClaims: result.newNodeClaims.map((claim) => ({
        nodePool: claim.nodePool,
        requirements: claim.requirements,
        requests: claim.requests,
        pods: podsOf(claim.pods),
        instanceTypeNames: claim.instanceTypeOptions.map((option) => option.name),
        price: claim.price,
      })),
      existing: result.existingNodes.map((node) => ({ nodeName: node.name, pods: podsOf(node.pods) })),
      unschedulable: result.unschedulable.flatMap((entry) => {
        const pod = byKey.get(entry.pod);
        return pod === undefined ? [] : [{ pod, reason: entry.reasons[0] ?? 'no reason given' }];
      }),
    };
  };
}
