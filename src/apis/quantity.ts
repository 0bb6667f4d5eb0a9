/**
 * Kubernetes resource quantities (`500m`, `1.5`, `100Mi`, `2Gi`, `1e3`, `1k`)
 * as exact value objects. The value is held as an integer count of nano-units
 * (10⁻⁹), the finest scale Kubernetes accepts, so sums and differences never
 * round. See https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/
 */
import { AutoscalerError, hasError } from './errors.js';

/** How a quantity was written, which decides how it prints back. */
export type QuantityFormat = 'BinarySI' | 'DecimalSI' | 'DecimalExponent';

const NANO = 1_000_000_000n;

const BINARY_SUFFIXES: Record<string, bigint> = {
  Ki: 1n << 10n,
  Mi: 1n << 20n,
  Gi: 1n << 30n,
  Ti: 1n << 40n,
  Pi: 1n << 50n,
  Ei: 1n << 60n,
};

/** Decimal suffixes as powers of ten. */
const DECIMAL_SUFFIXES: Record<string, number> = {
  n: -9,
  u: -6,
  m: -3,
  '': 0,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};

const QUANTITY_PATTERN = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E))?$/;

/** Thrown when a string is not a Kubernetes quantity. */
export class QuantityParseError extends AutoscalerError {
  constructor(readonly input: string) {
    super(`"${input}" is not a valid quantity (expected a number with an optional suffix such as 500m, 2Gi or 1e3)`);
    this.name = 'QuantityParseError';
  }
}

/** Is `error` a {@link QuantityParseError}? */
export function isQuantityParseError(error: unknown): boolean {
  return hasError(error, QuantityParseError);
}

function pow10(exponent: number): bigint {
  return 10n ** BigInt(exponent);
}

/** Scales `digits × 10^exponent` to nano-units, rounding up fractions of a nano-unit as Kubernetes does. */
function toNanos(integer: bigint, fractionDigits: number, exponent: number): bigint {
  const shift = exponent + 9 - fractionDigits;
  if (shift >= 0) return integer * pow10(shift);
  const divisor = pow10(-shift);
  const quotient = integer / divisor;
  return integer % divisor === 0n ? quotient : quotient + 1n;
}

function parseParts(text: string): { nanos: bigint; format: QuantityFormat } | undefined {
  const match = QUANTITY_PATTERN.exec(text);
  if (match === null) return undefined;
  const [, sign, number, exponentPart, suffix] = match;
  const [whole, fraction = ''] = number.split('.');
  const mantissa = BigInt(`${whole}${fraction}` || '0');
  let nanos: bigint;
  let format: QuantityFormat = 'DecimalSI';
  if (exponentPart !== undefined) {
    nanos = toNanos(mantissa, fraction.length, Number(exponentPart.slice(1)));
    format = 'DecimalExponent';
  } else if (suffix !== undefined && suffix in BINARY_SUFFIXES) {
    const scaled = mantissa * BINARY_SUFFIXES[suffix] * NANO;
    const divisor = pow10(fraction.length);
    nanos = scaled % divisor === 0n ? scaled / divisor : scaled / divisor + 1n;
    format = 'BinarySI';
  } else {
    nanos = toNanos(mantissa, fraction.length, DECIMAL_SUFFIXES[suffix ?? '']);
  }
  return { nanos: sign === '-' ? -nanos : nanos, format };
}

/** An exact Kubernetes resource quantity. Immutable. */
export class Quantity {
  private constructor(
    /** The value in nano-units (10⁻⁹). */
    readonly nanos: bigint,
    /** How the quantity prints. */
    readonly format: QuantityFormat,
  ) {}

  /** Parses a quantity string or a plain number; throws {@link QuantityParseError}. */
  static parse(input: string | number): Quantity {
    const text = typeof input === 'number' ? String(input) : input.trim();
    const parts = parseParts(text);
    if (parts === undefined) throw new QuantityParseError(String(input));
    return new Quantity(parts.nanos, parts.format);
  }

  /** Parses or returns `undefined` when the text is not a quantity. */
  static tryParse(input: string | number): Quantity | undefined {
    const parts = parseParts(typeof input === 'number' ? String(input) : input.trim());
    return parts === undefined ? undefined : new Quantity(parts.nanos, parts.format);
  }

  /** Is `input` a valid quantity string? */
  static isValid(input: string | number): boolean {
    return parseParts(typeof input === 'number' ? String(input) : input.trim()) !== undefined;
  }

  /** A quantity of `value` whole units (bytes, cores, pods). */
  static fromUnits(value: number | bigint, format: QuantityFormat = 'DecimalSI'): Quantity {
    return new Quantity(BigInt(value) * NANO, format);
  }

  /** A quantity of `value` milli-units (millicores). */
  static fromMillis(value: number | bigint): Quantity {
    return new Quantity(BigInt(value) * 1_000_000n, 'DecimalSI');
  }

  /** A quantity from a nano-unit count. */
  static fromNanos(nanos: bigint, format: QuantityFormat = 'DecimalSI'): Quantity {
    return new Quantity(nanos, format);
  }

  /** Zero, printed as "0". */
  static zero(): Quantity {
    return new Quantity(0n, 'DecimalSI');
  }

  /** The exact sum; keeps this quantity's format. */
  add(other: Quantity): Quantity {
    return new Quantity(this.nanos + other.nanos, this.format);
  }

  /** The exact difference; keeps this quantity's format. */
  sub(other: Quantity): Quantity {
    return new Quantity(this.nanos - other.nanos, this.format);
  }

  /** This quantity multiplied by a whole number. */
  mul(factor: number | bigint): Quantity {
    return new Quantity(this.nanos * BigInt(factor), this.format);
  }

  /** -1, 0 or 1 as this is less than, equal to or greater than `other`. */
  cmp(other: Quantity): -1 | 0 | 1 {
    if (this.nanos === other.nanos) return 0;
    return this.nanos < other.nanos ? -1 : 1;
  }

  /** Does this equal `other` in value (formats may differ)? */
  equals(other: Quantity): boolean {
    return this.nanos === other.nanos;
  }

  isZero(): boolean {
    return this.nanos === 0n;
  }

  isNegative(): boolean {
    return this.nanos < 0n;
  }

  /** The value in whole units, rounded up (Kubernetes `Value()`). */
  value(): number {
    return Number(ceilDiv(this.nanos, NANO));
  }

  /** The value in milli-units, rounded up (Kubernetes `MilliValue()`). */
  milliValue(): number {
    return Number(ceilDiv(this.nanos, 1_000_000n));
  }

  /** The value as a float in whole units (for display and prices, never for comparisons). */
  toNumber(): number {
    return Number(this.nanos) / 1e9;
  }

  /** The canonical Kubernetes spelling: `1500m`, `2Gi`, `1k`, `0`. */
  toString(): string {
    return formatQuantity(this.nanos, this.format);
  }

  toJSON(): string {
    return this.toString();
  }
}

function ceilDiv(value: bigint, divisor: bigint): bigint {
  const quotient = value / divisor;
  return value % divisor > 0n ? quotient + 1n : quotient;
}

function formatQuantity(nanos: bigint, format: QuantityFormat): string {
  if (nanos === 0n) return '0';
  const sign = nanos < 0n ? '-' : '';
  const magnitude = nanos < 0n ? -nanos : nanos;
  if (format === 'BinarySI' && magnitude % NANO === 0n) {
    const units = magnitude / NANO;
    const binary = Object.entries(BINARY_SUFFIXES)
      .reverse()
      .find(([, size]) => units % size === 0n);
    if (binary !== undefined) return `${sign}${units / binary[1]}${binary[0]}`;
    if (units < 1024n) return `${sign}${units}`;
  }
  const decimal = Object.entries(DECIMAL_SUFFIXES)
    .sort((a, b) => b[1] - a[1])
    .find(([, exponent]) => magnitude % pow10(exponent + 9) === 0n);
  const [suffix, exponent] = decimal ?? ['n', -9];
  return `${sign}${magnitude / pow10(exponent + 9)}${suffix}`;
}
