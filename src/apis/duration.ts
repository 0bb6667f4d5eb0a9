/**
 * Go duration strings (`1h30m`, `720h`, `0s`, `1.5h`, `300ms`) and Karpenter's
 * `Never`, as exact value objects. The value is an integer count of
 * nanoseconds; the text a user wrote is kept so manifests round-trip byte for
 * byte (upstream keeps the raw string for the same reason).
 */
import { AutoscalerError, hasError } from './errors.js';

const UNIT_NANOS: Record<string, bigint> = {
  ns: 1n,
  us: 1_000n,
  µs: 1_000n,
  μs: 1_000n,
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};

const GO_DURATION = /^[+-]?((\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h))+$/;
const SEGMENT = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g;

/** Thrown when a string is not a Go duration (or `Never` where allowed). */
export class DurationParseError extends AutoscalerError {
  constructor(readonly input: string) {
    super(`"${input}" is not a valid duration (expected a Go duration such as 30s, 5m, 1h30m or 720h)`);
    this.name = 'DurationParseError';
  }
}

/** Is `error` a {@link DurationParseError}? */
export function isDurationParseError(error: unknown): boolean {
  return hasError(error, DurationParseError);
}

function segmentNanos(number: string, unit: string): bigint {
  const [whole, fraction = ''] = number.split('.');
  const scale = UNIT_NANOS[unit];
  const wholeNanos = BigInt(whole || '0') * scale;
  if (fraction === '') return wholeNanos;
  const fractionNanos = (BigInt(fraction) * scale) / 10n ** BigInt(fraction.length);
  return wholeNanos + fractionNanos;
}

function parseNanos(text: string): bigint | undefined {
  if (text === '0') return 0n;
  if (!GO_DURATION.test(text)) return undefined;
  let total = 0n;
  for (const match of text.matchAll(SEGMENT)) total += segmentNanos(match[1], match[2]);
  return text.startsWith('-') ? -total : total;
}

/** An exact duration, or `Never`. Immutable. */
export class Duration {
  private constructor(
    /** Nanoseconds, or `undefined` for `Never`. */
    readonly nanos: bigint | undefined,
    /** The text as written (kept for byte-identical round trips). */
    readonly raw: string,
  ) {}

  /** Parses a Go duration or `Never`; throws {@link DurationParseError}. */
  static parse(text: string): Duration {
    if (text === 'Never') return new Duration(undefined, text);
    const nanos = parseNanos(text);
    if (nanos === undefined) throw new DurationParseError(text);
    return new Duration(nanos, text);
  }

  /** Parses, or returns `undefined` when the text is not a duration. */
  static tryParse(text: string): Duration | undefined {
    if (text === 'Never') return new Duration(undefined, text);
    const nanos = parseNanos(text);
    return nanos === undefined ? undefined : new Duration(nanos, text);
  }

  static fromMillis(ms: number): Duration {
    const nanos = BigInt(Math.round(ms)) * 1_000_000n;
    return new Duration(nanos, formatGoDuration(nanos));
  }

  static fromSeconds(seconds: number): Duration {
    return Duration.fromMillis(seconds * 1000);
  }

  static never(): Duration {
    return new Duration(undefined, 'Never');
  }

  isNever(): boolean {
    return this.nanos === undefined;
  }

  /** Milliseconds (Infinity for `Never`). */
  toMillis(): number {
    return this.nanos === undefined ? Number.POSITIVE_INFINITY : Number(this.nanos / 1_000_000n);
  }

  toSeconds(): number {
    return this.toMillis() / 1000;
  }

  add(other: Duration): Duration {
    if (this.nanos === undefined || other.nanos === undefined) return Duration.never();
    const nanos = this.nanos + other.nanos;
    return new Duration(nanos, formatGoDuration(nanos));
  }

  cmp(other: Duration): -1 | 0 | 1 {
    const a = this.nanos;
    const b = other.nanos;
    if (a === b) return 0;
    if (a === undefined) return 1;
    if (b === undefined) return -1;
    return a < b ? -1 : 1;
  }

  /** Go's canonical spelling (`1h30m0s`, `720h0m0s`, `0s`) or `Never`. */
  toGoString(): string {
    return this.nanos === undefined ? 'Never' : formatGoDuration(this.nanos);
  }

  /** The text as the user wrote it. */
  toString(): string {
    return this.raw;
  }

  toJSON(): string {
    return this.raw;
  }
}

function formatFraction(value: bigint, unitNanos: bigint, unit: string): string {
  const whole = value / unitNanos;
  const rest = value % unitNanos;
  if (rest === 0n) return `${whole}${unit}`;
  const digits = unitNanos.toString().length - 1;
  const fraction = rest.toString().padStart(digits, '0').replace(/0+$/, '');
  return `${whole}.${fraction}${unit}`;
}

/** Formats nanoseconds as Go's `time.Duration.String()` does. */
export function formatGoDuration(nanos: bigint): string {
  if (nanos === 0n) return '0s';
  const sign = nanos < 0n ? '-' : '';
  const abs = nanos < 0n ? -nanos : nanos;
  if (abs < 1_000n) return `${sign}${abs}ns`;
  if (abs < 1_000_000n) return `${sign}${formatFraction(abs, 1_000n, 'µs')}`;
  if (abs < 1_000_000_000n) return `${sign}${formatFraction(abs, 1_000_000n, 'ms')}`;
  const hours = abs / UNIT_NANOS.h;
  const minutes = (abs % UNIT_NANOS.h) / UNIT_NANOS.m;
  const seconds = formatFraction(abs % UNIT_NANOS.m, UNIT_NANOS.s, 's');
  if (hours > 0n) return `${sign}${hours}h${minutes}m${seconds}`;
  if (minutes > 0n) return `${sign}${minutes}m${seconds}`;
  return `${sign}${seconds}`;
}
