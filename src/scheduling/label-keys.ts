/**
 * Label keys as the scheduler compares them: deprecated aliases normalised to
 * their well-known key, and a typo hint for keys nothing knows about
 * (https://karpenter.sh/docs/concepts/nodepools/).
 */
import { LabelAliases, Labels, WellKnownLabels } from '../apis/well-known-labels.js';

/** The key a requirement on `key` is stored under (`beta.kubernetes.io/arch` → `kubernetes.io/arch`). */
export function normalizeLabelKey(key: string): string {
  return LabelAliases[key] ?? key;
}

/** Is `key` a label whose values come from the cloud provider (so a pool need not mention it)? */
export function isWellKnownLabel(key: string): boolean {
  return WellKnownLabels.has(key);
}

/** Well-known keys plus the hostname: keys a compatibility check may leave undefined on the node side. */
export const AllowUndefinedWellKnownLabels: ReadonlySet<string> = new Set([...WellKnownLabels, Labels.hostname]);

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
    }
    previous = current;
  }
  return previous[b.length];
}

/**
 * A hint for an unknown label key: the closest known key within a small edit
 * distance, as ` (typo of "topology.kubernetes.io/zone"?)`, or `''`.
 */
export function labelTypoHint(key: string, known: Iterable<string>): string {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(key.length / 8)) + 1;
  for (const candidate of known) {
    if (candidate === key || Math.abs(candidate.length - key.length) >= bestDistance) continue;
    const distance = editDistance(key, candidate);
    if (distance < bestDistance || (distance === bestDistance && best !== undefined && candidate < best)) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best === undefined ? '' : ` (typo of "${best}"?)`;
}
