/** Deterministic names for test fixtures: `pod-1`, `pod-2`, … per prefix, restartable per test. */
const counters = new Map<string, number>();

/** The next name for `prefix` (`pod` → `pod-1`, then `pod-2`). */
export function nextName(prefix: string): string {
  const n = (counters.get(prefix) ?? 0) + 1;
  counters.set(prefix, n);
  return `${prefix}-${n}`;
}

/** Restarts every sequence (call at the start of a test that asserts on generated names). */
export function resetNames(): void {
  counters.clear();
}
