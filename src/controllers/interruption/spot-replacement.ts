/**
 * Launches the replacement of a spot-interrupted node before it is drained (beyond upstream, which leaves it to
 * the provisioner once the pods are evicted; karpenter-semantics.md §4.12): its reschedulable pods are simulated
 * without the node (upstream `SimulateScheduling`, §4.8 step 1) and every new NodeClaim that takes one of them is
 * created through the shared replacement launcher, nominated for those pods. The interruption is forceful:
 * do-not-disrupt, PDBs and budgets do not hold it back, so the node is taken as a candidate whatever the
 * candidate filter would say. A pod that fits on an existing node, or nowhere, gets no replacement.
 */
import type { NodeClaim } from '../../apis/nodeclaim.js';
import { Labels } from '../../apis/well-known-labels.js';
import { candidateOf, stateNodeLabels } from '../../disruption/candidates.js';
import { plural } from '../../disruption/command-summary.js';
import { isReschedulable } from '../../disruption/pod-disruption.js';
import { simulateScheduling } from '../../disruption/simulate-scheduling.js';
import { podKey } from '../../scheduling/pod-info.js';
import { type DisruptionSnapshotSource, buildDisruptionSnapshot, disruptionSnapshotSource } from '../disruption/disruption-snapshot.js';
import { type LaunchedReplacement, launchReplacements } from '../disruption/replacement-launcher.js';
import type { ControllerContext } from '../runtime/controller-context.js';
import { reasonOf } from '../runtime/object-errors.js';

/** What launching the replacement of one interrupted node came to. */
export interface ReplacementOutcome {
  /** The NodeClaims created, in order (also those created before a later one failed). */
  readonly launched: readonly string[];
  /** Why nothing (more) was launched, as a sentence: `no replacement needed: its 5 pods fit on other nodes`. */
  readonly note?: string;
  /** The launch or simulation failure, when there was one (the drain goes ahead regardless). */
  readonly error?: string;
}

/** The note when the simulation needs no new NodeClaim for the candidate's pods. */
function nothingNeeded(pods: number, unplaced: number, firstReason: string | undefined): string {
  if (unplaced === 0) return `no replacement needed: its ${plural(pods, 'pod')} fit on other nodes`;
  return `no replacement: ${plural(unplaced, 'pod')} of ${pods} fit nowhere yet (${firstReason ?? 'no reason given'})`;
}

/**
 * Simulates the node's pods without it on a fresh snapshot and launches the NodeClaims they need (reason
 * `interruption`). Never throws: a failure is returned in `error` with whatever was created before it.
 */
export async function launchSpotReplacement(
  ctx: ControllerContext,
  nodeClaim: NodeClaim,
  snapshots: DisruptionSnapshotSource = disruptionSnapshotSource(ctx),
): Promise<ReplacementOutcome> {
  const cluster = ctx.state.snapshot();
  const name = nodeClaim.metadata.name ?? '';
  const stateNode = cluster.stateNodes.find((n) => n.nodeClaim?.metadata.name === name);
  if (stateNode === undefined) return { launched: [], note: 'no replacement: the NodeClaim is no longer in the cluster state' };
  const pods = stateNode.pods.filter(isReschedulable);
  if (pods.length === 0) return { launched: [], note: 'no replacement needed: no pods to move' };
  const poolName = stateNodeLabels(stateNode)[Labels.nodePool] ?? '';
  const nodePool = cluster.nodePools.find((pool) => pool.metadata.name === poolName);
  if (nodePool === undefined) return { launched: [], note: `no replacement: NodePool ${poolName || '<none>'} does not exist` };
  const created: LaunchedReplacement[] = [];
  try {
    const snapshot = await buildDisruptionSnapshot(snapshots, cluster);
    const simulation = simulateScheduling(snapshot, [candidateOf(stateNode, nodeClaim, nodePool, snapshot)]);
    const needed = simulation.commandClaims;
    if (needed.length === 0) {
      const moving = new Set(pods.map(podKey));
      const unplaced = simulation.failures.filter((failure) => moving.has(failure.pod));
      return { launched: [], note: nothingNeeded(pods.length, unplaced.length, unplaced[0]?.reasons[0]) };
    }
    await launchReplacements(ctx, needed, snapshot.nodePools, 'interruption', created);
    return { launched: created.map((r) => r.nodeClaim.metadata.name ?? '') };
  } catch (error) {
    return { launched: created.map((r) => r.nodeClaim.metadata.name ?? ''), error: reasonOf(error) };
  }
}
