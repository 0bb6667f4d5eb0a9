/**
 * Turns "no instance type of this pool could take the pod" into the sentence
 * that names the dimension that excluded everything: requirements, offerings,
 * resources, or the pool's limits (https://karpenter.sh/docs/concepts/scheduling/).
 */
import { Labels } from '../apis/well-known-labels.js';
import type { NewClaimFailure, PodAttempt } from './placement.js';
import { type PoolTemplate, cheapestOffering } from './pool-template.js';
import { Requirements } from './requirements.js';
import type { ResourceIndex } from './resource-vector.js';
import { formatDemand, noInstanceTypeHas } from './reasons.js';

function mergedRequirements(pool: PoolTemplate, attempt: PodAttempt): Requirements {
  return pool.requirements.intersect(attempt.requirements);
}

function requirementFailure(pool: PoolTemplate, attempt: PodAttempt): string {
  const reqs = mergedRequirements(pool, attempt);
  const meeting = pool.types.filter((t) => t.requirements.intersects(reqs));
  if (meeting.length > 0 && meeting.every((t) => cheapestOffering(t.instanceType, reqs) === undefined)) {
    const where = [Labels.zone, Labels.capacityType].filter((k) => reqs.has(k)).map((k) => reqs.get(k).toString());
    return `no available offering of the ${meeting.length} instance type${meeting.length === 1 ? '' : 's'} meeting the requirements${where.length > 0 ? ` (${where.join(', ')})` : ''}`;
  }
  const pod = new Requirements(
    new Map(
      attempt.requirements
        .values()
        .filter((r) => r.key !== Labels.hostname)
        .map((r) => [r.key, r]),
    ),
  );
  return `no instance type satisfies ${pod.size > 0 ? pod.toString() : reqs.toString()}`;
}

function resourceFailure(pool: PoolTemplate, attempt: PodAttempt, resources: ResourceIndex): string {
  const reqs = mergedRequirements(pool, attempt);
  const mask = pool.compatibleTypes(reqs);
  const requests = attempt.pod.requests;
  const largest = resources.zero();
  for (let i = 0; i < pool.types.length; i++) {
    if (mask[i] === 0) continue;
    const usable = pool.types[i].usable;
    for (let s = 0; s < usable.length; s++) if (usable[s] > largest[s]) largest[s] = usable[s];
  }
  const slots: number[] = [];
  for (let s = 0; s < requests.length; s++) if (requests[s] > largest[s]) slots.push(s);
  const demand = formatDemand(resources, requests, slots.length > 0 ? slots : undefined);
  return noInstanceTypeHas(demand, attempt.requirements);
}

function limitFailure(pool: PoolTemplate, attempt: PodAttempt, resources: ResourceIndex): string {
  const reqs = mergedRequirements(pool, attempt);
  const mask = pool.compatibleTypes(reqs);
  const smallest = resources.zero().fill(Number.POSITIVE_INFINITY);
  for (let i = 0; i < pool.types.length; i++) {
    const t = pool.types[i];
    if (mask[i] === 0 || !t.usable.every((u, s) => attempt.pod.requests[s] <= u)) continue;
    for (let s = 0; s < t.capacity.length; s++) if (t.capacity[s] < smallest[s]) smallest[s] = t.capacity[s];
  }
  for (let s = 0; s < smallest.length; s++) {
    if (smallest[s] > pool.remaining[s]) {
      const name = resources.names[s];
      return `NodePool ${pool.name} would exceed its ${name} limit (${pool.nodePool.spec.limits?.[name] ?? ''})`;
    }
  }
  return `NodePool ${pool.name} would exceed its limits`;
}

/** The sentence for an instance-type or limit failure of a new claim. */
export function describeNewClaimFailure(
  pool: PoolTemplate,
  attempt: PodAttempt,
  failure: NewClaimFailure,
  resources: ResourceIndex,
): string {
  if (failure.stage === 'limits') return limitFailure(pool, attempt, resources);
  if (pool.types.length === 0) return `NodePool ${pool.name} has no instance type compatible with its requirements`;
  if ((failure.compatible ?? 0) === 0) return requirementFailure(pool, attempt);
  return resourceFailure(pool, attempt, resources);
}
