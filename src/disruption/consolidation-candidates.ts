/**
 * The candidate filter of the consolidation methods — emptiness, multi-node and single-node consolidation
 * (karpenter-semantics.md §4.4, §4.6, §4.8; upstream `ShouldDisrupt` of emptiness.go and consolidation.go). It
 * only reads the NodeClaim's `Consolidatable` condition; deciding when consolidateAfter has elapsed and writing
 * the condition is consolidatable.ts and its controller. Pure.
 *
 * On top of {@link buildCandidates}, a candidate must, for every consolidation method:
 * - belong to a pool that is not static (`spec.replicas`; static pools are only ever drifted, §10.3);
 * - belong to a pool whose `consolidateAfter` is not `Never`;
 * - have `Consolidatable=True` (else the condition's message, e.g. `consolidateAfter 30s not elapsed`).
 * For multi- and single-node consolidation also: the pool's policy is not `WhenEmpty`, and the node's instance
 * type, zone and capacity type are known (upstream's `Unconsolidatable` "…could not be resolved").
 *
 * Each method sees only the nodes it is for, and the others are passed over without a verdict: emptiness takes
 * only empty candidates (no reschedulable pods), the consolidations only non-empty ones (upstream v1.5+ leaves
 * empty nodes to emptiness, so the `Underutilized` budget is never spent on them).
 */
import { NodePoolDefaults } from '../apis/defaults.js';
import { NodeClaimConditions } from '../apis/nodeclaim.js';
import { Labels } from '../apis/well-known-labels.js';
import { buildCandidates, type CandidateList, candidateVerdict, stateNodeLabels } from './candidates.js';
import type { Candidate, DisruptionMethod, DisruptionSnapshot, NodeVerdict } from './types.js';

/** The methods that consolidate (and so read `consolidateAfter` and the `Consolidatable` condition). */
export type ConsolidationMethod = Extract<DisruptionMethod, 'emptiness' | 'multi-node-consolidation' | 'single-node-consolidation'>;

/** Is `method` one of the consolidation methods? */
export function isConsolidationMethod(method: DisruptionMethod): method is ConsolidationMethod {
  return method === 'emptiness' || method === 'multi-node-consolidation' || method === 'single-node-consolidation';
}

/** Has the candidate no pod that would need a new home? */
export function isEmptyCandidate(candidate: Candidate): boolean {
  return candidate.reschedulablePods.length === 0;
}

/** `pass` when `method` is not for this candidate (another method handles it): left out without a verdict. */
type Filtered = { readonly ok: true } | { readonly ok: false; readonly verdict: NodeVerdict } | { readonly pass: true };

function poolVerdict(candidate: Candidate, method: ConsolidationMethod): string | undefined {
  const pool = candidate.nodePool;
  const name = pool.metadata.name ?? '';
  if (pool.spec.replicas !== undefined) return `pool ${name} is static (spec.replicas); its nodes are not consolidated`;
  const after = pool.spec.disruption?.consolidateAfter ?? NodePoolDefaults.consolidateAfter;
  if (after === 'Never') return `consolidateAfter is Never in pool ${name}`;
  const policy = pool.spec.disruption?.consolidationPolicy ?? NodePoolDefaults.consolidationPolicy;
  if (method !== 'emptiness' && policy === 'WhenEmpty') return `pool ${name} consolidates only when empty (WhenEmpty)`;
  return undefined;
}

function unresolvedVerdict(candidate: Candidate): string | undefined {
  const labels = stateNodeLabels(candidate.stateNode);
  if (candidate.instanceType === undefined) {
    const type = labels[Labels.instanceType];
    return type === undefined
      ? `no ${Labels.instanceType} label`
      : `instance type ${type} is not offered by pool ${candidate.nodePool.metadata.name ?? ''} any more`;
  }
  if (labels[Labels.zone] === undefined) return `no ${Labels.zone} label`;
  if (labels[Labels.capacityType] !== candidate.capacityType) return `no valid ${Labels.capacityType} label`;
  return undefined;
}

function consolidatableVerdict(candidate: Candidate): string | undefined {
  const condition = candidate.nodeClaim.status?.conditions?.find((c) => c.type === NodeClaimConditions.consolidatable);
  if (condition?.status === 'True') return undefined;
  if (condition?.message !== undefined && condition.message.trim() !== '') return condition.message;
  const after = candidate.nodePool.spec.disruption?.consolidateAfter ?? NodePoolDefaults.consolidateAfter;
  return `not consolidatable yet (consolidateAfter ${after} in pool ${candidate.nodePool.metadata.name ?? ''})`;
}

/**
 * The consolidation policy's "no" for `candidate` under `method` (static pool, consolidateAfter `Never`, `WhenEmpty`
 * for the non-empty methods, not `Consolidatable` yet), or undefined when the policy lets it be consolidated.
 * Upstream's consolidation `ShouldDisrupt` without the "could not be resolved" checks.
 */
export function consolidationPolicyVerdict(candidate: Candidate, method: ConsolidationMethod): string | undefined {
  return poolVerdict(candidate, method) ?? consolidatableVerdict(candidate);
}

/** Does `method` take this candidate, and if not, why (or `pass` when another method is the one for it)? */
export function filterConsolidationCandidate(candidate: Candidate, method: ConsolidationMethod): Filtered {
  if (isEmptyCandidate(candidate) !== (method === 'emptiness')) return { pass: true };
  const policy = poolVerdict(candidate, method);
  if (policy !== undefined) return { ok: false, verdict: candidateVerdict(candidate, method, 'policy', policy) };
  if (method !== 'emptiness') {
    const unresolved = unresolvedVerdict(candidate);
    if (unresolved !== undefined) return { ok: false, verdict: candidateVerdict(candidate, method, 'not-candidate', unresolved) };
  }
  const waiting = consolidatableVerdict(candidate);
  if (waiting !== undefined) return { ok: false, verdict: candidateVerdict(candidate, method, 'policy', waiting) };
  return { ok: true };
}

/**
 * Filters `buildCandidates`' output for a consolidation method: the candidates it may take (in input order) and
 * the verdicts — the candidate filter's (no `method`) followed by this filter's (with `method`).
 */
export function filterConsolidationCandidates(list: CandidateList, method: ConsolidationMethod): CandidateList {
  const candidates: Candidate[] = [];
  const verdicts: NodeVerdict[] = [...list.verdicts];
  for (const candidate of list.candidates) {
    const filtered = filterConsolidationCandidate(candidate, method);
    if ('pass' in filtered) continue;
    if (filtered.ok) candidates.push(candidate);
    else verdicts.push(filtered.verdict);
  }
  return { candidates, verdicts };
}

/** The candidates a consolidation method may take in this snapshot, and why the other nodes are not. */
export function consolidationCandidates(snapshot: DisruptionSnapshot, method: ConsolidationMethod): CandidateList {
  return filterConsolidationCandidates(buildCandidates(snapshot, method), method);
}
