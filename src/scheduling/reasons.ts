/**
 * The sentences a person reads next to a pending pod: per-NodePool failures
 * are ranked by how close the pool came to taking the pod, and the closest
 * ones become the headline ("no NodePool tolerates taint trino-xsmall:NoSchedule",
 * "NodePool airflow-worker would exceed its cpu limit (2000)",
 * "no instance type has 96 cpu and arm64").
 */
import { Quantity } from '../apis/quantity.js';
import type { Requirements } from './requirements.js';
import type { ResourceIndex, Vector } from './resource-vector.js';

/** How far a pool got before saying no (higher = closer to taking the pod). */
export type FailureStage = 'requirements' | 'taints' | 'nodes-limit' | 'topology' | 'instance-types' | 'limits' | 'min-values';

const RANK: Record<FailureStage, number> = {
  requirements: 0,
  taints: 1,
  'nodes-limit': 2,
  topology: 3,
  'instance-types': 3,
  limits: 3,
  'min-values': 3,
};

/** One NodePool's "no" for one pod. */
export interface PoolFailure {
  readonly pool: string;
  readonly stage: FailureStage;
  /** The reason, without the pool's name unless the sentence needs it. */
  readonly reason: string;
  /** For taint failures: the taints not tolerated (`key:Effect`). */
  readonly taints?: string;
}

/** A resource amount as people read it: `96 cpu`, `500m cpu`, `4Gi memory`, `1 nvidia.com/gpu`. */
export function formatAmount(name: string, amount: number): string {
  if (name === 'cpu') return amount % 1000 === 0 ? `${amount / 1000} cpu` : `${amount}m cpu`;
  if (name === 'memory' || name === 'ephemeral-storage') return `${Quantity.fromUnits(amount, 'BinarySI').toString()} ${name}`;
  return `${amount} ${name}`;
}

/** "96 cpu, 4Gi memory" for the slots given (pods excluded). */
export function formatDemand(resources: ResourceIndex, vector: Vector, slots?: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < vector.length; i++) {
    if ((slots === undefined || slots.includes(i)) && vector[i] > 0 && resources.names[i] !== 'pods')
      parts.push(formatAmount(resources.names[i], vector[i]));
  }
  return parts.join(', ');
}

/** The values a pod pins on well-known keys, as plain words (`arm64`, `us-east-1a`), for "no instance type has … and …". */
export function pinnedValues(reqs: Requirements): string[] {
  const out: string[] = [];
  for (const key of reqs.keys().sort()) {
    const req = reqs.get(key);
    if (key === 'kubernetes.io/hostname' || key === 'karpenter.sh/nodepool' || req.complement || req.set.size === 0 || req.set.size > 3)
      continue;
    out.push(req.values.join(' or '));
  }
  return out;
}

function joinAnd(parts: readonly string[]): string {
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/** "no instance type has 96 cpu and arm64". */
export function noInstanceTypeHas(demand: string, reqs: Requirements): string {
  return `no instance type has ${joinAnd([demand, ...pinnedValues(reqs)].filter((p) => p !== ''))}`;
}

function taintHeadline(failures: readonly PoolFailure[]): string {
  if (failures.length === 1) return `no NodePool tolerates taint ${failures[0].taints}`;
  return `no NodePool tolerates the pod: ${failures.map((f) => `NodePool ${f.pool} has taint ${f.taints}`).join(', ')}`;
}

function requirementHeadline(failures: readonly PoolFailure[]): string {
  if (failures.length === 1) return `incompatible with NodePool ${failures[0].pool}: ${failures[0].reason}`;
  return `no NodePool matches the pod's node requirements (${failures.map((f) => `${f.pool}: ${f.reason}`).join('; ')})`;
}

/** The reasons for one unschedulable pod, headline first; `poolCount` decides whether to name pools. */
export function composeReasons(failures: readonly PoolFailure[], poolCount: number): string[] {
  if (poolCount === 0) return ['no NodePool is available to launch a node, and no existing node fits'];
  if (failures.length === 0) return ['no existing node or NodePool fits the pod'];
  const deepest = Math.max(...failures.map((f) => RANK[f.stage]));
  const top = failures.filter((f) => RANK[f.stage] === deepest);
  const rest = failures.filter((f) => RANK[f.stage] !== deepest);
  const named = (f: PoolFailure): string =>
    poolCount > 1 && !f.reason.includes(`NodePool ${f.pool}`) ? `NodePool ${f.pool}: ${f.reason}` : f.reason;
  let headline: string[];
  if (deepest === RANK.taints) headline = [taintHeadline(top)];
  else if (deepest === RANK.requirements) headline = [requirementHeadline(top)];
  else headline = [...new Set(top.map(named))];
  const others = rest.map((f) => `NodePool ${f.pool}: ${f.stage === 'taints' ? `did not tolerate taint ${f.taints}` : f.reason}`);
  return [...headline, ...others];
}
