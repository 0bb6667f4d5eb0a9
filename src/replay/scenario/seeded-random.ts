/**
 * A small seeded source of randomness for scenario expansion: a hash of the seed and a key (FNV-1a, then
 * murmur3's finaliser) read as a number in [0, 1). Keyed rather than sequential, so one pod's jitter does not
 * depend on how many pods came before it, and the same seed and key always give the same number. No Math.random.
 */
import { fnv1a } from '../../cloudprovider/sim/seeded.js';

function finalise(value: number): number {
  let hash = value;
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

/** A 32-bit unsigned hash of `seed` and `parts`. */
export function seededHash(seed: number, ...parts: ReadonlyArray<string | number>): number {
  return finalise(fnv1a(`${seed}\u0000${parts.join('\u0000')}`));
}

/** A number in [0, 1) from `seed` and `parts`. */
export function seededUnit(seed: number, ...parts: ReadonlyArray<string | number>): number {
  return seededHash(seed, ...parts) / 0x1_0000_0000;
}

/** The alphabet Kubernetes uses for generated name suffixes (no vowels, no look-alikes). */
const SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** `length` characters of Kubernetes' name-suffix alphabet from `seed` and `parts`. */
export function seededSuffix(length: number, seed: number, ...parts: ReadonlyArray<string | number>): string {
  let suffix = '';
  for (let index = 0; index < length; index++) {
    suffix += SUFFIX_ALPHABET[seededHash(seed, ...parts, index) % SUFFIX_ALPHABET.length];
  }
  return suffix;
}

/** A UUID-shaped uid from `seed` and `parts` (version-4 layout, deterministic). */
export function seededUid(seed: number, ...parts: ReadonlyArray<string | number>): string {
  const hex = [0, 1, 2, 3]
    .map((word) =>
      seededHash(seed, ...parts, 'uid', word)
        .toString(16)
        .padStart(8, '0'),
    )
    .join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
