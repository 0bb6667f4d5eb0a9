/** Structural equality of JSON-like data (plain objects, arrays, primitives), reference-equal first. Pure. */

/** Whether `a` and `b` hold the same data: same keys with equal values, arrays in the same order. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i += 1) if (!jsonEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = Object.keys(left);
  if (keys.length !== Object.keys(right).length) return false;
  for (const key of keys) {
    if (!Object.hasOwn(right, key) || !jsonEqual(left[key], right[key])) return false;
  }
  return true;
}

/** `previous` when it is structurally equal to `next` (keeps identity for unchanged data), else `next`. */
export function keepIfEqual<T>(previous: T | undefined, next: T): T {
  return previous !== undefined && jsonEqual(previous, next) ? previous : next;
}
