/**
 * Scheduling test helpers: a snapshot builder and expectations that read like
 * the spec (`expectScheduled`, `expectNotScheduled`, `claimOf`). Assertion
 * failures report the caller's line.
 */
import assert from 'node:assert/strict';
import type { DaemonSet, Node, Pod } from '../apis/core-v1.js';
import type { NodeClaim } from '../apis/nodeclaim.js';
import type { NodePool } from '../apis/nodepool.js';
import type { InstanceType } from '../scheduling/instance-type.js';
import { podKey } from '../scheduling/pod-info.js';
import type { NewNodeClaim, SchedulingNode, SchedulingSnapshot, SolveResult } from '../scheduling/snapshot.js';

/** Builds a snapshot: pools with their types, existing nodes (with bound pods) and in-flight claims. */
export function snapshot(input: {
  pools?: Array<{ pool: NodePool; types: readonly InstanceType[] }>;
  nodes?: Array<{ node?: Node; nodeClaim?: NodeClaim; pods?: Pod[]; markedForDeletion?: boolean }>;
  daemonSets?: DaemonSet[];
}): SchedulingSnapshot {
  const nodes: SchedulingNode[] = (input.nodes ?? []).map((n) => ({
    ...(n.node ? { node: n.node } : {}),
    ...(n.nodeClaim ? { nodeClaim: n.nodeClaim } : {}),
    pods: n.pods ?? [],
    markedForDeletion: n.markedForDeletion ?? false,
  }));
  return {
    nodes,
    nodePools: (input.pools ?? []).map(({ pool, types }) => ({ nodePool: pool, instanceTypes: types })),
    ...(input.daemonSets ? { daemonSets: input.daemonSets } : {}),
  };
}

/** The new NodeClaim a pod was planned onto, or undefined. */
export function claimOf(result: SolveResult, pod: Pod): NewNodeClaim | undefined {
  const key = podKey(pod);
  return result.newNodeClaims.find((c) => c.pods.includes(key));
}

/** The name of the node / claim the pod was placed on, or undefined. */
export function targetOf(result: SolveResult, pod: Pod): string | undefined {
  const key = podKey(pod);
  return result.placements.find((p) => p.pod === key)?.target;
}

/** Asserts that every pod was placed (on anything). */
export function expectScheduled(result: SolveResult, ...pods: Pod[]): void {
  for (const p of pods) {
    const reasons = result.unschedulable.find((u) => u.pod === podKey(p))?.reasons;
    assert.ok(
      targetOf(result, p) !== undefined,
      `expected ${podKey(p)} to be scheduled, but: ${reasons?.join('; ') ?? 'it is missing from the result'}`,
    );
  }
}

/** Asserts that a pod was not placed, and returns its reasons. */
export function expectNotScheduled(result: SolveResult, p: Pod): readonly string[] {
  assert.equal(targetOf(result, p), undefined, `expected ${podKey(p)} not to be scheduled, but it went to ${targetOf(result, p)}`);
  const entry = result.unschedulable.find((u) => u.pod === podKey(p));
  assert.ok(entry !== undefined, `expected ${podKey(p)} to be reported unschedulable`);
  return entry.reasons;
}

/** The value of one label key on the new claim of a pod (its single `In` value). */
export function claimLabel(result: SolveResult, pod: Pod, key: string): string | undefined {
  const claim = claimOf(result, pod);
  const req = claim?.requirements.find((r) => r.key === key && r.operator === 'In');
  return req?.values?.length === 1 ? req.values[0] : undefined;
}
