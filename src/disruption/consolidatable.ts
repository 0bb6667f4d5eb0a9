/**
 * The `Consolidatable` condition of a NodeClaim (karpenter-semantics.md §4.4): when the NodePool's
 * `consolidateAfter` is not `Never` and the claim is Initialized, the claim becomes consolidatable once
 * `consolidateAfter` has passed since the later of its last pod event and its Initialized transition (`0s`: at
 * once); a newer pod event starts the wait again. `Never` means never (the condition is removed, and no emptiness or
 * consolidation touches the pool's nodes). Every consolidation method, emptiness included, requires it.
 *
 * The last pod event is the later of what the caller observed and the claim's `status.lastPodEventTime` (written by
 * upstream Karpenter, so a migration keeps it). Upstream counts from the last pod event alone when there is one; the
 * later of the two is used here so that pods bound before the node was usable (DaemonSets) never shorten the wait.
 * Pure.
 */
import { Duration } from '../apis/duration.js';
import type { NodeClaim } from '../apis/nodeclaim.js';
import { NodeClaimConditions } from '../apis/nodeclaim.js';
import type { NodePool } from '../apis/nodepool.js';
import { NodePoolDefaults } from '../apis/defaults.js';
import { durationText } from './duration-text.js';

/**
 * `consolidatable`: set the condition True; `waiting`: set it False until `at`; `never` (consolidateAfter Never) and
 * `not-initialized`: remove it; `invalid` (consolidateAfter does not parse): leave it and report the pool.
 */
export type ConsolidatableState = 'consolidatable' | 'waiting' | 'never' | 'not-initialized' | 'invalid';

/** Whether a claim may be consolidated now, since when, or from when. */
export interface Consolidatability {
  readonly consolidatable: boolean;
  readonly state: ConsolidatableState;
  /** When it became consolidatable (ms since the epoch). */
  readonly since?: number;
  /** When it becomes consolidatable (ms since the epoch), while `waiting`: the time to look again. */
  readonly at?: number;
  /** A sentence: `consolidateAfter 30s not elapsed (in 12s)`. */
  readonly message: string;
}

function timeOf(text: string | undefined): number | undefined {
  const ms = Date.parse(text ?? '');
  return Number.isNaN(ms) ? undefined : ms;
}

/** The latest of the times that are known. */
function latest(...times: Array<number | undefined>): number | undefined {
  const known = times.filter((time): time is number => time !== undefined);
  return known.length === 0 ? undefined : Math.max(...known);
}

/**
 * Whether `claim` of `pool` is consolidatable at `now`. `lastPodEventMs` is the last time the caller saw a pod bind
 * to, leave or finish on the claim's node (`undefined` when it saw none).
 */
export function consolidatableOf(claim: NodeClaim, pool: NodePool, lastPodEventMs: number | undefined, now: number): Consolidatability {
  const raw = pool.spec.disruption?.consolidateAfter ?? NodePoolDefaults.consolidateAfter;
  const after = Duration.tryParse(raw);
  const name = pool.metadata.name ?? '';
  if (after === undefined)
    return { consolidatable: false, state: 'invalid', message: `NodePool ${name} consolidateAfter "${raw}" is not a duration or Never` };
  if (after.isNever()) return { consolidatable: false, state: 'never', message: `NodePool ${name} has consolidateAfter Never` };
  const initialized = claim.status?.conditions?.find((condition) => condition.type === NodeClaimConditions.initialized);
  if (initialized?.status !== 'True') return { consolidatable: false, state: 'not-initialized', message: 'node is not initialized yet' };
  const initializedAt = timeOf(initialized.lastTransitionTime) ?? timeOf(claim.metadata.creationTimestamp) ?? now;
  const podEventAt = latest(lastPodEventMs, timeOf(claim.status?.lastPodEventTime));
  const from = latest(initializedAt, podEventAt) ?? now;
  const at = from + after.toMillis();
  const since = podEventAt !== undefined && podEventAt >= initializedAt ? 'the last pod event' : 'the node initialized';
  if (now >= at)
    return { consolidatable: true, state: 'consolidatable', since: at, message: `consolidateAfter ${raw} elapsed since ${since}` };
  return { consolidatable: false, state: 'waiting', at, message: `consolidateAfter ${raw} not elapsed (in ${durationText(at - now)})` };
}
