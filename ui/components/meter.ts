/** Meters (a used/limit bar like eks-node-viewer's) and sparklines as plain strings, from a glyph set. */
import type { Glyphs } from '../theme/glyphs.js';
import type { Token } from '../theme/tokens.js';

/**
 * A bar `width` cells wide filled to `fraction` (eighth blocks with UTF-8, `#`/`.` with ASCII).
 * @example meter(0.5, 4, UNICODE_GLYPHS) // '██  '
 */
export function meter(fraction: number, width: number, glyphs: Glyphs): string {
  const f = Math.min(1, Math.max(0, fraction));
  const steps = glyphs.meter.length - 1;
  const filled = f * width * steps;
  let out = '';
  for (let cell = 0; cell < width; cell++) {
    const inCell = Math.min(steps, Math.max(0, Math.round(filled - cell * steps)));
    out += glyphs.meter[inCell];
  }
  return out;
}

/** The token of a usage fraction: ok below 70 %, warn below 90 %, error from there. */
export function usageToken(fraction: number | undefined): Token {
  if (fraction === undefined) return 'muted';
  if (fraction >= 0.9) return 'error';
  if (fraction >= 0.7) return 'warn';
  return 'ok';
}

/** A sparkline of the last `width` values, scaled between their minimum and maximum. */
export function sparkline(values: readonly number[], width: number, glyphs: Glyphs): string {
  const shown = values.slice(-width);
  if (shown.length === 0) return '';
  const min = Math.min(...shown);
  const max = Math.max(...shown);
  const levels = glyphs.spark.length - 1;
  return shown.map((v) => glyphs.spark[max === min ? (max > 0 ? levels : 0) : Math.round(((v - min) / (max - min)) * levels)]).join('');
}
