/**
 * The scheduling simulation of one round (https://karpenter.sh/docs/concepts/scheduling/):
 * pods in first-fit-decreasing order, each tried on existing nodes, then on
 * NodeClaims planned this round (emptiest first), then on a new NodeClaim of
 * each NodePool in weight order; failures relax preferences and retry; the
 * queue stops after a full cycle without progress.
 */
import { Labels } from '../apis/well-known-labels.js';
import type { ExistingNode } from './existing-node.js';
import { type NewClaimFailure, type PodAttempt, applyTopology, checkExisting, checkMinValues, checkNew } from './placement.js';
import { PlannedClaim } from './planned-claim.js';
import { type PodInfo, compareQueueOrder } from './pod-info.js';
import type { PoolTemplate } from './pool-template.js';
import {
  type Attempt,
  type PreferencePolicy,
  attemptGroups,
  attemptRequirements,
  attemptTolerations,
  firstAttempt,
  relax,
} from './preferences.js';
import { type PoolFailure, composeReasons } from './reasons.js';
import { Requirements } from './requirements.js';
import type { ResourceIndex } from './resource-vector.js';
import type { Placement } from './snapshot.js';
import type { Topology } from './topology/topology.js';
import { describeNewClaimFailure } from './failure-messages.js';

/** What the scheduler needs, built by {@link solve}. */
export interface SchedulerContext {
  readonly resources: ResourceIndex;
  readonly pools: readonly PoolTemplate[];
  readonly existing: readonly ExistingNode[];
  readonly topology: Topology;
  readonly preferencePolicy: PreferencePolicy;
  readonly minValuesPolicy: 'Strict' | 'BestEffort';
  readonly deadline?: { now(): number; at: number };
}

/** The raw outcome of a round, before NodeClaims are finalised. */
export interface SchedulerOutcome {
  readonly placements: Placement[];
  readonly claims: PlannedClaim[];
  readonly existingPods: Map<ExistingNode, PodInfo[]>;
  readonly errors: Map<PodInfo, string[]>;
  readonly timedOut: boolean;
}

/** One round's simulation state. */
export class Scheduler {
  private readonly claims: PlannedClaim[] = [];
  /** Planned claims by pod count (index = count), for "emptiest first". */
  private readonly buckets: PlannedClaim[][] = [];
  private readonly placements: Placement[] = [];
  private readonly existingPods = new Map<ExistingNode, PodInfo[]>();
  private readonly interned = new Map<string, Requirements>();
  private readonly baseRequirements = new Map<PodInfo, Requirements>();
  private readonly softTaintsExist: boolean;
  private claimSequence = 0;

  constructor(private readonly ctx: SchedulerContext) {
    this.softTaintsExist = ctx.pools.some((p) => p.taints.some((t) => t.effect === 'PreferNoSchedule'));
  }

  /** Places every pod it can; returns placements, planned claims and the reasons for the rest. */
  run(pods: readonly PodInfo[]): SchedulerOutcome {
    const kept = this.keepNominated(pods);
    const queue = pods.filter((pod) => !kept.has(pod)).sort(compareQueueOrder);
    let head = 0;
    const lastLength = new Map<PodInfo, number>();
    const errors = new Map<PodInfo, string[]>();
    let timedOut = false;
    while (head < queue.length) {
      const pod = queue[head];
      if (lastLength.get(pod) === queue.length - head) break;
      if (this.ctx.deadline !== undefined && (head & 63) === 63 && this.ctx.deadline.now() > this.ctx.deadline.at) {
        timedOut = true;
        break;
      }
      head++;
      const reasons = this.trySchedule(pod);
      if (reasons === undefined) {
        errors.delete(pod);
        continue;
      }
      errors.set(pod, reasons);
      queue.push(pod);
      lastLength.set(pod, queue.length - head);
    }
    if (timedOut)
      for (let i = head; i < queue.length; i++)
        if (!errors.has(queue[i])) errors.set(queue[i], ['the scheduling round timed out before this pod was tried']);
    return { placements: this.placements, claims: this.claims, existingPods: this.existingPods, errors, timedOut };
  }

  /**
   * Puts pods an earlier round nominated to an in-flight NodeClaim back onto it before anything else, so the
   * claim is not left empty while a new one is made for them, and its possible domains count in topology
   * before any other pod is placed. Returns the pods kept.
   */
  private keepNominated(pods: readonly PodInfo[]): Set<PodInfo> {
    const kept = new Set<PodInfo>();
    const nominatedTo = new Map<string, ExistingNode>();
    for (const node of this.ctx.existing) for (const key of node.nominatedPods) nominatedTo.set(key, node);
    if (nominatedTo.size === 0) return kept;
    for (const pod of [...pods].sort(compareQueueOrder)) {
      const node = nominatedTo.get(pod.key);
      if (node === undefined) continue;
      const attempt = this.attemptOf(pod, firstAttempt(pod, this.ctx.preferencePolicy), true);
      const result = checkExisting(node, attempt);
      if (!(result instanceof Requirements)) continue;
      this.placeOnExisting(node, attempt, result);
      kept.add(pod);
    }
    return kept;
  }

  private intern(reqs: Requirements): Requirements {
    const key = reqs.toString();
    let found = this.interned.get(key);
    if (found === undefined) {
      found = reqs;
      this.interned.set(key, reqs);
    }
    return found;
  }

  private attemptOf(pod: PodInfo, attempt: Attempt, isFirst: boolean): PodAttempt {
    let requirements = isFirst ? this.baseRequirements.get(pod) : undefined;
    if (requirements === undefined) {
      requirements = this.intern(attemptRequirements(pod, attempt));
      if (isFirst) this.baseRequirements.set(pod, requirements);
    }
    const groups = attemptGroups(this.ctx.topology.of(pod), attempt);
    const selfMatch = groups.map((g) => g.selects(pod.namespace, pod.labels));
    return { pod, requirements, tolerations: attemptTolerations(pod, attempt), groups, selfMatch };
  }

  /** Tries the pod, relaxing preferences after each failure; undefined on success, else the last attempt's reasons. */
  private trySchedule(pod: PodInfo): string[] | undefined {
    let attempt: Attempt | undefined = firstAttempt(pod, this.ctx.preferencePolicy);
    let isFirst = true;
    let last: { attempt: PodAttempt; failures: Array<[PoolTemplate, NewClaimFailure]> } | undefined;
    while (attempt !== undefined) {
      const podAttempt = this.attemptOf(pod, attempt, isFirst);
      const failures = this.add(podAttempt);
      if (failures === undefined) return undefined;
      last = { attempt: podAttempt, failures };
      attempt = relax(pod, attempt, this.softTaintsExist);
      isFirst = false;
    }
    // Sentences are composed only for the attempt that is reported (describing a failure can scan every type).
    const reported = last!;
    return composeReasons(
      reported.failures.map(([pool, failure]) => this.poolFailure(pool, reported.attempt, failure)),
      this.ctx.pools.length,
    );
  }

  /** Places the pod somewhere, or returns each NodePool's failure for it. */
  private add(attempt: PodAttempt): Array<[PoolTemplate, NewClaimFailure]> | undefined {
    for (const node of this.ctx.existing) {
      const result = checkExisting(node, attempt);
      if (result instanceof Requirements) {
        this.placeOnExisting(node, attempt, result);
        return undefined;
      }
    }
    if (this.tryPlannedClaims(attempt)) return undefined;
    const failures: Array<[PoolTemplate, NewClaimFailure]> = [];
    for (const pool of this.ctx.pools) {
      const hostname = `${pool.name}-${String(this.claimSequence + 1).padStart(4, '0')}`;
      const trial = checkNew(pool, attempt, hostname, this.ctx.minValuesPolicy === 'Strict');
      if (trial.ok) {
        this.placeOnNewClaim(pool, hostname, trial.requirements, trial.types, attempt);
        return undefined;
      }
      failures.push([pool, trial]);
    }
    return failures;
  }

  private poolFailure(pool: PoolTemplate, attempt: PodAttempt, failure: NewClaimFailure): PoolFailure {
    const reason =
      failure.stage === 'instance-types' || failure.stage === 'limits'
        ? describeNewClaimFailure(pool, attempt, failure, this.ctx.resources)
        : failure.reason;
    return { pool: pool.name, stage: failure.stage, reason, ...(failure.taints !== undefined ? { taints: failure.taints } : {}) };
  }

  /** Is every node and planned claim already occupied by a hostname anti-affinity group of the pod? Then no claim can take it. */
  private allClaimsRepel(attempt: PodAttempt): boolean {
    const targets = this.ctx.existing.length + this.claims.length;
    for (const group of attempt.groups) {
      if (
        group.spec.key === Labels.hostname &&
        group.spec.type !== 'affinity' &&
        group.spec.type !== 'spread' &&
        group.occupiedDomains >= targets
      )
        return true;
    }
    return false;
  }

  private tryPlannedClaims(attempt: PodAttempt): boolean {
    const pod = attempt.pod;
    if (this.claims.length === 0 || this.allClaimsRepel(attempt)) return false;
    for (const bucket of this.buckets) {
      if (bucket === undefined) continue;
      for (const claim of bucket) {
        if (!claim.mightFit(pod.requests) || !claim.template.toleratedBy(attempt.tolerations).ok) continue;
        if (pod.hostPorts.some((p) => claim.hostPorts.has(p))) continue;
        const merged = claim.merge(attempt.requirements);
        if (!(merged instanceof Requirements)) continue;
        const withTopology = applyTopology(attempt, claim.hostname, merged);
        if (!(withTopology instanceof Requirements)) continue;
        const trial = claim.fittingTypes(pod, withTopology);
        if (!trial.ok || !('requirements' in trial)) continue;
        if (trial.types !== undefined && this.violatesMinValues(withTopology, claim, trial.types)) continue;
        this.commitToClaim(claim, attempt, trial);
        return true;
      }
    }
    return false;
  }

  private violatesMinValues(reqs: Requirements, claim: PlannedClaim, types: readonly number[]): boolean {
    if (this.ctx.minValuesPolicy === 'BestEffort' || reqs.minValues().size === 0) return false;
    return (
      checkMinValues(
        reqs,
        types.map((i) => claim.template.types[i]),
      ) !== undefined
    );
  }

  private commitToClaim(claim: PlannedClaim, attempt: PodAttempt, trial: Parameters<PlannedClaim['commit']>[1]): void {
    const before = claim.pods.length;
    claim.commit(attempt.pod, trial);
    this.moveBucket(claim, before, claim.pods.length);
    this.record(attempt, claim.hostname, claim.requirements);
    this.placements.push({ pod: attempt.pod.key, kind: 'new', target: claim.hostname });
  }

  private placeOnExisting(node: ExistingNode, attempt: PodAttempt, reqs: Requirements): void {
    for (let s = 0; s < node.used.length; s++) node.used[s] += attempt.pod.requests[s];
    for (const port of attempt.pod.hostPorts) node.hostPorts.add(port);
    const list = this.existingPods.get(node) ?? [];
    list.push(attempt.pod);
    this.existingPods.set(node, list);
    this.record(attempt, node.hostname, reqs);
    this.placements.push({ pod: attempt.pod.key, kind: node.inFlight ? 'in-flight' : 'existing', target: node.name });
  }

  private placeOnNewClaim(pool: PoolTemplate, hostname: string, reqs: Requirements, types: number[], attempt: PodAttempt): void {
    this.claimSequence++;
    const claim = new PlannedClaim(pool, hostname, reqs, types, this.ctx.resources.zero());
    claim.commit(attempt.pod, { ok: true, requirements: reqs, types });
    this.claims.push(claim);
    this.moveBucket(claim, 0, 1);
    const maxCapacity = this.ctx.resources.zero();
    for (const i of types) {
      const cap = pool.types[i].capacity;
      for (let s = 0; s < cap.length; s++) if (cap[s] > maxCapacity[s]) maxCapacity[s] = cap[s];
    }
    for (let s = 0; s < maxCapacity.length; s++) pool.remaining[s] -= maxCapacity[s];
    pool.remainingNodes--;
    this.record(attempt, hostname, claim.requirements);
    this.placements.push({ pod: attempt.pod.key, kind: 'new', target: hostname });
  }

  private moveBucket(claim: PlannedClaim, from: number, to: number): void {
    if (from > 0) {
      const bucket = this.buckets[from];
      const last = bucket.pop()!;
      if (last !== claim) {
        bucket[claim.bucketSlot] = last;
        last.bucketSlot = claim.bucketSlot;
      }
    }
    this.buckets[to] ??= [];
    const target = this.buckets[to];
    claim.bucketSlot = target.length;
    target.push(claim);
  }

  private record(attempt: PodAttempt, hostname: string, reqs: Requirements): void {
    const topology = this.ctx.topology.of(attempt.pod);
    const target = { hostname, requirements: reqs };
    for (const group of topology.countedBy) {
      if (group.spec.type === 'spread' && group.spec.nodeFilter !== undefined && !reqs.intersects(group.spec.nodeFilter)) continue;
      group.record(group.domainsOf(target, reqs, group.spec.type === 'anti-affinity'));
    }
    for (const group of topology.inverseOwned) group.record(group.domainsOf(target, reqs, true));
  }
}
