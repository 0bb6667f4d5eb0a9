/**
 * Reuse of rows between builds: a row is rebuilt only when the object it was built from is a different object
 * (ClusterState keeps an unchanged object's identity) or one of the other values it read differs from last
 * time. Entries live as long as their object (a WeakMap), so nothing needs pruning.
 */

/** `T` without `readonly`, for building a row field by field before handing it out. */
export type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function sameDeps(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i += 1) if (!Object.is(a[i], b[i])) return false;
  return true;
}

/** Values derived from an object and a few other values, recomputed only when one of them changes. */
export class ObjectMemo<K extends object, V> {
  private readonly entries = new WeakMap<K, { deps: readonly unknown[]; value: V }>();

  /** Last time's value for `object` when `deps` are the same values (by `Object.is`), else `make()`. */
  get(object: K, deps: readonly unknown[], make: () => V): V {
    const seen = this.entries.get(object);
    if (seen !== undefined && sameDeps(seen.deps, deps)) return seen.value;
    const value = make();
    this.entries.set(object, { deps, value });
    return value;
  }
}

/** `previous` when it holds the same elements (by reference) in the same order as `next`, else `next`. */
export function sameArrayOr<T>(previous: readonly T[] | undefined, next: readonly T[]): readonly T[] {
  if (previous === undefined || previous.length !== next.length) return next;
  for (let i = 0; i < next.length; i += 1) if (previous[i] !== next[i]) return next;
  return previous;
}

/** Sorts a list the way it sorted it last time, cheaply when little changed (see {@link sortReusing}). */
export class SortedCache<T extends object> {
  private input: readonly T[] | undefined;
  private output: T[] | undefined;

  constructor(private readonly compare: (a: T, b: T) => number) {}

  /** `items` sorted: last time's output when `items` holds the same elements in the same order as last time's input. */
  sort(items: readonly T[]): T[] {
    if (this.output !== undefined && this.input !== undefined && sameArrayOr(this.input, items) === this.input) return this.output;
    this.output = sortReusing(this.output, items, this.compare);
    this.input = items;
    return this.output;
  }
}

/**
 * `items` sorted by `compare`, reusing `previous` (the last sorted output): the elements still present keep
 * their order, only the new ones are sorted and merged in. O(n + k log k) for k new elements. `compare` must
 * order immutable elements the same way every time.
 */
export function sortReusing<T extends object>(
  previous: readonly T[] | undefined,
  items: readonly T[],
  compare: (a: T, b: T) => number,
): T[] {
  if (previous === undefined || previous.length === 0) return [...items].sort(compare);
  const present = new Set(items);
  const kept = previous.filter((item) => present.has(item));
  if (kept.length === items.length) return kept;
  const old = new Set(kept);
  const added = items.filter((item) => !old.has(item)).sort(compare);
  const merged: T[] = [];
  let i = 0;
  let j = 0;
  while (i < kept.length && j < added.length) merged.push(compare(added[j], kept[i]) < 0 ? added[j++] : kept[i++]);
  while (i < kept.length) merged.push(kept[i++]);
  while (j < added.length) merged.push(added[j++]);
  return merged;
}
