/**
 * A NodeClaim being planned in this round (https://karpenter.sh/docs/concepts/scheduling/): its
 * pool, merged requirements, pods, summed requests and the instance types that
 * still satisfy all of them. `tryAdd` answers whether one more pod fits
 * without changing anything; `commit` applies that answer.
 */
import { type Check, no } from './check.js';
import type { PodInfo } from './pod-info.js';
import type { PoolTemplate } from './pool-template.js';
import type { Requirements } from './requirements.js';
import { fitsSum, type Vector } from './resource-vector.js';

/** A successful trial: the claim's requirements and instance types once the pod is in. */
export interface ClaimTrial {
  readonly ok: true;
  readonly requirements: Requirements;
  /** Indices into the template's types (undefined = unchanged, filter on commit). */
  readonly types: readonly number[] | undefined;
}

/** A NodeClaim planned in this round. */
export class PlannedClaim {
  requirements: Requirements;
  /** Indices into `template.types`, cheapest first. */
  types: number[];
  readonly requests: Vector;
  readonly pods: PodInfo[] = [];
  readonly hostPorts = new Set<string>();
  /** Slot-wise largest usable capacity among `types` (a quick "cannot fit" test). */
  private readonly maxUsable: Vector;
  private hasMinValues: boolean;
  /** Where it sits in the scheduler's by-pod-count index. */
  bucketSlot = -1;
  private memo = new Map<Requirements, Requirements | Check>();

  constructor(
    readonly template: PoolTemplate,
    readonly hostname: string,
    requirements: Requirements,
    types: number[],
    zero: Vector,
  ) {
    this.requirements = requirements;
    this.hasMinValues = requirements.minValues().size > 0;
    this.types = types;
    this.requests = zero;
    this.maxUsable = zero.slice();
    this.refreshMax();
  }

  private refreshMax(): void {
    this.maxUsable.fill(0);
    for (const i of this.types) {
      const usable = this.template.types[i].usable;
      for (let s = 0; s < usable.length; s++) if (usable[s] > this.maxUsable[s]) this.maxUsable[s] = usable[s];
    }
  }

  /** Could the pod's requests fit the largest remaining type at all? */
  mightFit(requests: Vector): boolean {
    return fitsSum(this.requests, requests, this.maxUsable);
  }

  /** The claim's requirements ∩ the pod's, memoised per (interned) pod requirement set. */
  merge(podRequirements: Requirements): Requirements | Check {
    let merged = this.memo.get(podRequirements);
    if (merged === undefined) {
      const check = this.requirements.compatible(podRequirements);
      merged = check.ok ? this.requirements.intersect(podRequirements) : check;
      this.memo.set(podRequirements, merged);
    }
    return merged;
  }

  /** Which of the claim's types still fit `pod` with `requirements`; a reason when none does. */
  fittingTypes(pod: PodInfo, requirements: Requirements): ClaimTrial | Check {
    const types = this.template.types;
    if (requirements === this.requirements && !this.hasMinValues) {
      for (let k = this.types.length - 1; k >= 0; k--) {
        if (fitsSum(this.requests, pod.requests, types[this.types[k]].usable)) return { ok: true, requirements, types: undefined };
      }
      return no('no instance type of the claim has room for the pod');
    }
    const mask = requirements === this.requirements ? undefined : this.template.compatibleTypes(requirements);
    const kept: number[] = [];
    let compatible = 0;
    for (const i of this.types) {
      if (mask !== undefined && mask[i] === 0) continue;
      compatible++;
      if (fitsSum(this.requests, pod.requests, types[i].usable)) kept.push(i);
    }
    if (kept.length > 0) return { ok: true, requirements, types: kept };
    return no(
      compatible === 0 ? 'no instance type of the claim meets the requirements' : 'no instance type of the claim has room for the pod',
    );
  }

  /** Adds the pod as tried. Types are re-filtered only when the trial computed them (else lazily, in {@link fittingTypeIndices}). */
  commit(pod: PodInfo, trial: ClaimTrial): void {
    for (let s = 0; s < this.requests.length; s++) this.requests[s] += pod.requests[s];
    for (const port of pod.hostPorts) this.hostPorts.add(port);
    this.pods.push(pod);
    if (trial.requirements !== this.requirements) {
      this.requirements = trial.requirements;
      this.hasMinValues = trial.requirements.minValues().size > 0;
      this.memo = new Map();
    }
    if (trial.types === undefined) return;
    this.types = trial.types as number[];
    this.refreshMax();
  }

  /** The claim's types that hold everything placed on it so far, cheapest first. */
  fittingTypeIndices(): number[] {
    const types = this.template.types;
    this.types = this.types.filter((i) => isWithin(this.requests, types[i].usable));
    return this.types;
  }
}

function isWithin(requests: Vector, usable: Vector): boolean {
  for (let s = 0; s < requests.length; s++) if (requests[s] > usable[s]) return false;
  return true;
}
