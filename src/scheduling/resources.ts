/**
 * Resource amounts for the scheduler's hot path: plain objects of integers in
 * base units — `cpu` in millicores, everything else (memory and
 * ephemeral-storage in bytes, `pods`, extended resources) in whole units,
 * rounded up as Kubernetes' `Value()` does. Integers below 2⁵³ add and
 * subtract exactly, so this is exact arithmetic without bigint's cost.
 */
import { Quantity } from '../apis/quantity.js';
import type { ResourceList } from '../apis/object-meta.js';

/** Resource name → amount (cpu in millicores, others in base units). */
export type Resources = Readonly<Record<string, number>>;

export const ResourceNames = {
  cpu: 'cpu',
  memory: 'memory',
  pods: 'pods',
  ephemeralStorage: 'ephemeral-storage',
  nodes: 'nodes',
} as const;

/** The amount of one quantity string in this module's units. */
export function amountOf(name: string, quantity: string | Quantity): number {
  const q = typeof quantity === 'string' ? Quantity.parse(quantity) : quantity;
  return name === ResourceNames.cpu ? q.milliValue() : q.value();
}

/** Parses a Kubernetes resource list; throws on a malformed quantity. */
export function fromResourceList(list: ResourceList | undefined): Resources {
  const out: Record<string, number> = {};
  if (list === undefined) return out;
  for (const [name, value] of Object.entries(list)) out[name] = amountOf(name, String(value));
  return out;
}

/** Prints resources as a Kubernetes resource list (`cpu: 1500m`, `memory: 2Gi`). */
export function toResourceList(resources: Resources): ResourceList {
  const out: Record<string, string> = {};
  for (const name of Object.keys(resources).sort()) {
    const amount = resources[name];
    if (name === ResourceNames.cpu) out[name] = Quantity.fromMillis(amount).toString();
    else if (name === ResourceNames.memory || name === ResourceNames.ephemeralStorage)
      out[name] = Quantity.fromUnits(amount, 'BinarySI').toString();
    else out[name] = Quantity.fromUnits(amount).toString();
  }
  return out;
}

/** The sum of any number of resource sets. */
export function add(...sets: Resources[]): Resources {
  const out: Record<string, number> = {};
  for (const set of sets) {
    for (const name in set) out[name] = (out[name] ?? 0) + set[name];
  }
  return out;
}

/** `a − b` per resource (names only in `b` come out negative). */
export function subtract(a: Resources, b: Resources): Resources {
  const out: Record<string, number> = { ...a };
  for (const name in b) out[name] = (out[name] ?? 0) - b[name];
  return out;
}

/** Per-resource maximum of two sets. */
export function max(a: Resources, b: Resources): Resources {
  const out: Record<string, number> = { ...a };
  for (const name in b) out[name] = Math.max(out[name] ?? 0, b[name]);
  return out;
}

/** Does `requests` fit in `available`? A requested resource that `available` lacks does not fit (unless 0). */
export function fits(requests: Resources, available: Resources): boolean {
  for (const name in requests) {
    const want = requests[name];
    if (want > 0 && want > (available[name] ?? 0)) return false;
  }
  return true;
}

/** The resources of `requests` that do not fit in `available`, for reasons shown to people. */
export function exceeded(requests: Resources, available: Resources): string[] {
  const out: string[] = [];
  for (const name of Object.keys(requests).sort()) {
    if (requests[name] > 0 && requests[name] > (available[name] ?? 0)) out.push(name);
  }
  return out;
}

/** Is every amount zero (or the set empty)? */
export function isZero(resources: Resources): boolean {
  return Object.values(resources).every((amount) => amount === 0);
}

/** A human-readable rendering (`cpu=1500m memory=2Gi`). */
export function formatResources(resources: Resources): string {
  return Object.entries(toResourceList(resources))
    .map(([name, value]) => `${name}=${value}`)
    .join(' ');
}
