/** Deterministic pseudo-random numbers derived from a seed and a key (no global state, no Math.random). */

/** FNV-1a, 32 bits, of `text`'s UTF-16 code units. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

function mix(value: number): number {
  let x = value >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/** A number in [0, 1) that depends only on the seed and the key parts. */
export function unitHash(seed: number, ...parts: readonly (string | number)[]): number {
  return mix(fnv1a(`${seed}|${parts.join('|')}`)) / 2 ** 32;
}

/** A lowercase hex string of `length` digits derived from the seed and key. */
export function hexHash(seed: number, length: number, ...parts: readonly (string | number)[]): string {
  let out = '';
  for (let i = 0; out.length < length; i++)
    out += mix(fnv1a(`${seed}|${parts.join('|')}|${i}`))
      .toString(16)
      .padStart(8, '0');
  return out.slice(0, length);
}
