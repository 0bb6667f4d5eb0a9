/**
 * Reuse of rows between builds: a row is rebuilt only when one of its dependencies (the objects it was built
 * from, compared by reference, and the other values it read) differs from last time. One memo per
 * cluster and section; `next()` starts a build and forgets the rows the previous build did not ask for.
 */

function sameDeps(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i += 1) if (!Object.is(a[i], b[i])) return false;
  return true;
}

/** Rows (or any values) by key, rebuilt only when their dependencies change. */
export class RowMemo<T> {
  private previous = new Map<string, { deps: readonly unknown[]; value: T }>();
  private current = new Map<string, { deps: readonly unknown[]; value: T }>();

  /** Starts a build: what the last build used becomes what this one may reuse. */
  next(): void {
    this.previous = this.current;
    this.current = new Map();
  }

  /** The value for `key`: last build's when `deps` are the same values, else `make()`. */
  get(key: string, deps: readonly unknown[], make: () => T): T {
    const seen = this.current.get(key) ?? this.previous.get(key);
    if (seen !== undefined && sameDeps(seen.deps, deps)) {
      this.current.set(key, seen);
      return seen.value;
    }
    const value = make();
    this.current.set(key, { deps, value });
    return value;
  }
}

/** `previous` when it holds the same elements (by reference) in the same order as `next`, else `next`. */
export function sameArrayOr<T>(previous: readonly T[] | undefined, next: readonly T[]): readonly T[] {
  if (previous === undefined || previous.length !== next.length) return next;
  for (let i = 0; i < next.length; i += 1) if (previous[i] !== next[i]) return next;
  return previous;
}
