/**
 * "Did you mean …?" helpers: a small Levenshtein distance and a picker of the
 * closest known word, used to turn typos into hints.
 */

/** The Levenshtein edit distance between `a` and `b` (insertions, deletions, substitutions). */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j] + 1, current[j - 1] + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length];
}

/**
 * The known word closest to `input`, when it is close enough to be a typo
 * (at most `maxDistance` edits, by default a third of its length and at least 1;
 * compared case-insensitively).
 */
export function closestMatch(input: string, known: Iterable<string>, maxDistance?: number): string | undefined {
  const lower = input.toLowerCase();
  const limit = maxDistance ?? Math.max(1, Math.floor(input.length / 3));
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const word of known) {
    const distance = editDistance(lower, word.toLowerCase());
    if (distance < bestDistance) {
      best = word;
      bestDistance = distance;
    }
  }
  return bestDistance <= limit ? best : undefined;
}

/** `did you mean "X"?` for the closest known word, or undefined when nothing is close. */
export function didYouMean(input: string, known: Iterable<string>): string | undefined {
  const match = closestMatch(input, known);
  return match === undefined ? undefined : `did you mean "${match}"?`;
}
