/**
 * Dense resource vectors for the solver's hot path: every resource name seen
 * in one solve gets an index (cpu, memory and pods first), so `fits` is a
 * loop over a small Float64Array instead of object lookups.
 */
import type { Resources } from './resources.js';

/** A resource vector (one slot per name of its {@link ResourceIndex}). */
export type Vector = Float64Array;

/** The resource names of one solve and their slots. */
export class ResourceIndex {
  readonly names: string[] = ['cpu', 'memory', 'pods'];
  private readonly slots = new Map<string, number>(this.names.map((name, i) => [name, i]));

  /** Registers every name of `resources`. */
  register(resources: Resources | undefined): void {
    for (const name in resources ?? {}) {
      if (!this.slots.has(name)) {
        this.slots.set(name, this.names.length);
        this.names.push(name);
      }
    }
  }

  /** The slot of `name`, or undefined when no registered set mentions it. */
  slot(name: string): number | undefined {
    return this.slots.get(name);
  }

  /** A zero vector. */
  zero(): Vector {
    return new Float64Array(this.names.length);
  }

  /** The vector of `resources` (names must be registered). */
  vector(resources: Resources | undefined): Vector {
    const out = this.zero();
    for (const name in resources ?? {}) {
      const slot = this.slots.get(name);
      if (slot !== undefined) out[slot] = resources![name];
    }
    return out;
  }

  /** A vector where unnamed resources are unlimited (for NodePool limits). */
  limitVector(resources: Resources | undefined): Vector {
    const out = this.zero().fill(Number.POSITIVE_INFINITY);
    for (const name in resources ?? {}) {
      const slot = this.slots.get(name);
      if (slot !== undefined) out[slot] = resources![name];
    }
    return out;
  }

  /** Back to a resources object, leaving out zeros. */
  toResources(vector: Vector): Resources {
    const out: Record<string, number> = {};
    for (let i = 0; i < vector.length; i++) if (vector[i] !== 0) out[this.names[i]] = vector[i];
    return out;
  }
}

/** Does `a + b` fit in `capacity`, slot by slot? */
export function fitsSum(a: Vector, b: Vector, capacity: Vector): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] + b[i] > capacity[i]) return false;
  return true;
}

/** Does `a` fit in `capacity`? */
export function fitsVector(a: Vector, capacity: Vector): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] > capacity[i]) return false;
  return true;
}

/** `target += v`. */
export function addInto(target: Vector, v: Vector): void {
  for (let i = 0; i < target.length; i++) target[i] += v[i];
}

/** `target -= v`. */
export function subtractInto(target: Vector, v: Vector): void {
  for (let i = 0; i < target.length; i++) target[i] -= v[i];
}

/** Slot-wise maximum of `target` and `v`, into `target`. */
export function maxInto(target: Vector, v: Vector): void {
  for (let i = 0; i < target.length; i++) if (v[i] > target[i]) target[i] = v[i];
}

/** The slots where `a + b` exceeds `capacity`. */
export function exceededSlots(a: Vector, b: Vector, capacity: Vector): number[] {
  const out: number[] = [];
  for (let i = 0; i < a.length; i++) if (a[i] + b[i] > capacity[i]) out.push(i);
  return out;
}
