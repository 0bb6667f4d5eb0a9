/**
 * Facts about pods that decide whether their node may be disrupted (karpenter-semantics.md §4.3; upstream
 * pkg/utils/pod/scheduling.go, pkg/utils/pdb/pdb.go, pkg/utils/disruption/disruption.go): which pods must be
 * rescheduled, which carry an active `karpenter.sh/do-not-disrupt`, which PodDisruptionBudgets cover a pod and
 * whether they block its eviction, and what evicting a pod costs. Pure: `now` is an input.
 *
 * Choices where upstream is silent or karpd differs:
 * - `karpenter.sh/do-not-disrupt` on a pod is `"true"` (protected while the pod runs) or, as upstream v1.12+
 *   (kubernetes-sigs/karpenter#2874, https://karpenter.sh/preview/reference/annotations/), a positive Go duration
 *   (`"30m"`) that protects the pod until its `status.startTime` + duration (`metadata.creationTimestamp` when it
 *   has not started; `now` when neither is known, so a pod whose start is unknown stays protected). Any other
 *   value (`"Never"`, `"false"`, `"-5m"`, `"soon"`) is ignored, as upstream ignores it (with an event the
 *   controller can publish from {@link doNotDisrupt}'s `invalid` state). Terminal and terminating pods never
 *   block (upstream `IsDisruptable`).
 * - A PDB blocks only the eviction of a reschedulable pod: karpd's drain leaves DaemonSet pods on the node
 *   (src/controllers/termination/drain-plan.ts), so a PDB over DaemonSet pods cannot stall it.
 * - A PDB whose status the disruption controller has not written yet (`status.disruptionsAllowed` absent) is
 *   read from its spec: it blocks only when the spec can never allow an eviction (`maxUnavailable: 0` or `"0%"`,
 *   `minAvailable: "100%"`); anything else waits for the status rather than blocking every node.
 */
import type { Pod, PodDisruptionBudget } from '../apis/core-v1.js';
import { Duration } from '../apis/duration.js';
import { Annotations, Taints } from '../apis/well-known-labels.js';
import { compileSelector, type LabelMatcher } from '../scheduling/label-selector.js';
import { podKey } from '../scheduling/pod-info.js';
import { toleratesTaint } from '../scheduling/taints.js';
import { formatInstant, parseInstant } from './time-text.js';

/** The annotation a workload controller reads to pick which pod to delete first; upstream reads it for eviction cost. */
export const POD_DELETION_COST_ANNOTATION = 'controller.kubernetes.io/pod-deletion-cost';
const MIRROR_ANNOTATION = 'kubernetes.io/config.mirror';

/** Succeeded or Failed: the pod will not run again. */
export function isTerminal(pod: Pod): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

/** Has a deletionTimestamp. */
export function isTerminating(pod: Pod): boolean {
  return pod.metadata.deletionTimestamp !== undefined;
}

function isOwnedBy(pod: Pod, kind: string): boolean {
  return (pod.metadata.ownerReferences ?? []).some((owner) => owner.kind === kind);
}

/** Owned by a DaemonSet: it goes with its node and comes back on every other. */
export function isDaemonSetPod(pod: Pod): boolean {
  return isOwnedBy(pod, 'DaemonSet');
}

/** A static pod's API mirror (owned by its Node, or annotated by the kubelet): it cannot be evicted. */
export function isMirrorPod(pod: Pod): boolean {
  return isOwnedBy(pod, 'Node') || pod.metadata.annotations?.[MIRROR_ANNOTATION] !== undefined;
}

/** Tolerates `karpenter.sh/disrupted:NoSchedule`, so the drain leaves it where it is. */
export function toleratesDisruptedTaint(pod: Pod): boolean {
  return (pod.spec.tolerations ?? []).some((toleration) => toleratesTaint(toleration, Taints.disrupted));
}

/** Must this pod be placed elsewhere if its node goes? Not DaemonSet, mirror, terminal, terminating or tolerating the disrupted taint. */
export function isReschedulable(pod: Pod): boolean {
  return !isTerminal(pod) && !isTerminating(pod) && !isDaemonSetPod(pod) && !isMirrorPod(pod) && !toleratesDisruptedTaint(pod);
}

/** The pod's Ready condition is True. */
export function isPodReady(pod: Pod): boolean {
  return pod.status?.conditions?.some((condition) => condition.type === 'Ready' && condition.status === 'True') ?? false;
}

/** What a pod's `karpenter.sh/do-not-disrupt` annotation says at one instant. */
export type DoNotDisrupt =
  | { readonly state: 'absent' }
  /** `"true"`: protected for as long as the pod runs. */
  | { readonly state: 'forever' }
  /** A duration still running: protected until `until` (ms). */
  | { readonly state: 'until'; readonly until: number }
  /** A duration that has run out at `until` (ms): no longer protected. */
  | { readonly state: 'elapsed'; readonly until: number }
  /** A value that is neither `"true"` nor a positive Go duration: ignored. */
  | { readonly state: 'invalid'; readonly value: string };

function protectionStart(pod: Pod, now: number): number {
  return parseInstant(pod.status?.startTime) ?? parseInstant(pod.metadata.creationTimestamp) ?? now;
}

/** Reads the pod's do-not-disrupt annotation at `now` (see the module comment for the duration form). */
export function doNotDisrupt(pod: Pod, now: number): DoNotDisrupt {
  const value = pod.metadata.annotations?.[Annotations.doNotDisrupt];
  if (value === undefined) return { state: 'absent' };
  if (value === 'true') return { state: 'forever' };
  const duration = value === 'Never' ? undefined : Duration.tryParse(value);
  if (duration === undefined || duration.nanos === undefined || duration.nanos < 0n) return { state: 'invalid', value };
  const until = protectionStart(pod, now) + duration.toMillis();
  return until > now ? { state: 'until', until } : { state: 'elapsed', until };
}

/**
 * Why this pod's do-not-disrupt keeps its node, or undefined when it does not: `pod airflow/scheduler-0 has
 * do-not-disrupt`, `pod jupyter/kernel-1 has do-not-disrupt until 12:30:00`. Terminal and terminating pods never block.
 */
export function doNotDisruptReason(pod: Pod, now: number): string | undefined {
  if (isTerminal(pod) || isTerminating(pod)) return undefined;
  const annotation = doNotDisrupt(pod, now);
  if (annotation.state === 'forever') return `pod ${podKey(pod)} has do-not-disrupt`;
  if (annotation.state === 'until') return `pod ${podKey(pod)} has do-not-disrupt until ${formatInstant(annotation.until, now)}`;
  return undefined;
}

/** Does the pod block its node's disruption with `karpenter.sh/do-not-disrupt` at `now`? */
export function hasActiveDoNotDisrupt(pod: Pod, now: number): boolean {
  return doNotDisruptReason(pod, now) !== undefined;
}

/** `maxUnavailable: 0`/`"0%"` or `minAvailable: "100%"`: the spec itself never allows an eviction (upstream `IsFullyBlocking`). */
export function isFullyBlockingPdb(pdb: PodDisruptionBudget): boolean {
  const { maxUnavailable, minAvailable } = pdb.spec;
  if (maxUnavailable !== undefined && ['0', '0%'].includes(String(maxUnavailable).trim())) return true;
  return minAvailable !== undefined && String(minAvailable).trim() === '100%';
}

/** The PDBs of a cluster with their selectors compiled once, to look up the ones covering a pod. */
export class PdbIndex {
  private readonly byNamespace = new Map<string, Array<{ pdb: PodDisruptionBudget; matches: LabelMatcher }>>();

  constructor(pdbs: readonly PodDisruptionBudget[]) {
    for (const pdb of pdbs) {
      const namespace = pdb.metadata.namespace ?? 'default';
      const list = this.byNamespace.get(namespace) ?? [];
      list.push({ pdb, matches: compileSelector(pdb.spec.selector) });
      this.byNamespace.set(namespace, list);
    }
  }

  /** The PDBs in the pod's namespace whose selector matches its labels (a PDB without a selector matches none), in input order. */
  matching(pod: Pod): PodDisruptionBudget[] {
    const candidates = this.byNamespace.get(pod.metadata.namespace ?? 'default') ?? [];
    return candidates.filter((entry) => entry.matches(pod.metadata.labels)).map((entry) => entry.pdb);
  }
}

function pdbName(pdb: PodDisruptionBudget): string {
  return `${pdb.metadata.namespace ?? 'default'}/${pdb.metadata.name ?? ''}`;
}

function singlePdbReason(pod: Pod, pdb: PodDisruptionBudget): string | undefined {
  if (pdb.spec.unhealthyPodEvictionPolicy === 'AlwaysAllow' && !isPodReady(pod)) return undefined;
  const allowed = pdb.status?.disruptionsAllowed;
  if (allowed !== undefined) {
    return allowed <= 0 ? `pod ${podKey(pod)} is covered by PDB ${pdbName(pdb)} with 0 disruptions allowed` : undefined;
  }
  if (!isFullyBlockingPdb(pdb)) return undefined;
  const spec =
    pdb.spec.minAvailable !== undefined && String(pdb.spec.minAvailable).trim() === '100%' ? 'minAvailable 100%' : 'maxUnavailable 0';
  return `pod ${podKey(pod)} is covered by PDB ${pdbName(pdb)} with ${spec} (no status yet)`;
}

/**
 * Why the PDBs keep this pod from being evicted, or undefined when they do not (§4.3): more than one PDB
 * always blocks (the eviction API refuses); one PDB with 0 disruptions allowed blocks unless it has
 * `unhealthyPodEvictionPolicy: AlwaysAllow` and the pod is not Ready; one without status blocks when its spec does.
 * Only reschedulable pods are checked (the module comment says why).
 */
export function pdbBlockReason(pod: Pod, pdbs: PdbIndex): string | undefined {
  if (!isReschedulable(pod)) return undefined;
  const matching = pdbs.matching(pod);
  if (matching.length === 0) return undefined;
  if (matching.length > 1) {
    const names = matching.map(pdbName).sort().join(', ');
    return `pod ${podKey(pod)} is covered by ${matching.length} PDBs (${names}), which the eviction API cannot evict`;
  }
  return singlePdbReason(pod, matching[0]);
}

/** Why this pod keeps its node from being disrupted (do-not-disrupt first, then PDBs), or undefined. */
export function podBlockReason(pod: Pod, now: number, pdbs: PdbIndex): string | undefined {
  return doNotDisruptReason(pod, now) ?? pdbBlockReason(pod, pdbs);
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}

/**
 * Upstream's cost of evicting one pod (§4.3): `1 + pod-deletion-cost / 2^27 + priority / 2^25`, clamped to
 * [−10, 10]. An unreadable deletion cost is ignored.
 */
export function podEvictionCost(pod: Pod): number {
  let cost = 1;
  const deletionCost = pod.metadata.annotations?.[POD_DELETION_COST_ANNOTATION];
  if (deletionCost !== undefined && deletionCost.trim() !== '') {
    const value = Number(deletionCost);
    if (Number.isFinite(value)) cost += value / 2 ** 27;
  }
  if (pod.spec.priority !== undefined) cost += pod.spec.priority / 2 ** 25;
  return clamp(cost, -10, 10);
}
