/**
 * One requirement on one label key, held the way Karpenter holds it
 * (https://karpenter.sh/docs/concepts/scheduling/): a value set that is either the allowed values
 * (`In`) or the excluded ones (complement: `NotIn`, `Exists`), plus optional
 * inclusive integer bounds (`Gt`, `Lt`, `Gte`, `Lte`) and `minValues`.
 * Immutable: every operation returns a new requirement.
 */
import type { NodeSelectorOperator, NodeSelectorRequirement } from '../apis/core-v1.js';
import type { NodeSelectorRequirementWithMinValues } from '../apis/nodepool.js';
import { AutoscalerError, hasError } from '../apis/errors.js';

const EMPTY: ReadonlySet<string> = new Set();
const INTEGER = /^-?\d+$/;
/** Memo of the immutable `Exists` requirement per key (what an unconstrained key reads as). */
const EXISTS = new Map<string, Requirement>();

/** Thrown when a requirement cannot be parsed (unknown operator, bound that is not an integer). */
export class RequirementParseError extends AutoscalerError {
  constructor(
    readonly requirement: NodeSelectorRequirement,
    detail: string,
  ) {
    super(`requirement ${JSON.stringify(requirement)} is invalid: ${detail}`);
    this.name = 'RequirementParseError';
  }
}

/** Is `error` a {@link RequirementParseError}? */
export function isRequirementParseError(error: unknown): boolean {
  return hasError(error, RequirementParseError);
}

function parseBound(req: NodeSelectorRequirement): number {
  const text = req.values?.[0];
  if (req.values?.length !== 1 || text === undefined || !INTEGER.test(text)) {
    throw new RequirementParseError(req, `operator ${req.operator} needs exactly one integer value`);
  }
  return Number(text);
}

/** The integer a label value denotes, or undefined when it is not an integer. */
function integerOf(value: string): number | undefined {
  return INTEGER.test(value) ? Number(value) : undefined;
}

/** The construction parameters of a {@link Requirement}. */
export interface RequirementParts {
  readonly key: string;
  readonly complement: boolean;
  readonly values: ReadonlySet<string>;
  /** Inclusive lower bound. */
  readonly min?: number;
  /** Inclusive upper bound. */
  readonly max?: number;
  readonly minValues?: number;
}

/** One requirement on one label key. */
export class Requirement {
  readonly key: string;
  /** True when `set` lists excluded values (NotIn, Exists, bounds); false when it lists allowed ones. */
  readonly complement: boolean;
  /** Allowed values (In) or excluded values (complement). */
  readonly set: ReadonlySet<string>;
  /** Inclusive lower bound, when Gt/Gte applies. */
  readonly min: number | undefined;
  /** Inclusive upper bound, when Lt/Lte applies. */
  readonly max: number | undefined;
  /** The launch set must span at least this many values of the key. */
  readonly minValues: number | undefined;
  private sortedCache: string[] | undefined;

  /** Builds a requirement from its parts; bounds filter an allowed set and drop out. */
  constructor(parts: RequirementParts) {
    this.key = parts.key;
    this.minValues = parts.minValues;
    const bounded = parts.min !== undefined || parts.max !== undefined;
    if (bounded && parts.min !== undefined && parts.max !== undefined && parts.min > parts.max) {
      this.complement = false;
      this.set = EMPTY;
      this.min = this.max = undefined;
      return;
    }
    this.complement = parts.complement;
    if (!parts.complement && bounded) {
      this.set = new Set([...parts.values].filter((v) => withinBounds(v, parts.min, parts.max)));
      this.min = this.max = undefined;
    } else {
      this.set = parts.values;
      this.min = parts.min;
      this.max = parts.max;
    }
  }

  /** Parses one `NodeSelectorRequirement` (key taken as given; normalise aliases before). */
  static fromNodeSelector(req: NodeSelectorRequirement | NodeSelectorRequirementWithMinValues, key = req.key): Requirement {
    const minValues = 'minValues' in req ? req.minValues : undefined;
    const values = new Set(req.values ?? []);
    switch (req.operator) {
      case 'In':
        return new Requirement({ key, complement: false, values, minValues });
      case 'NotIn':
        return new Requirement({ key, complement: true, values, minValues });
      case 'Exists':
        return new Requirement({ key, complement: true, values: EMPTY, minValues });
      case 'DoesNotExist':
        return new Requirement({ key, complement: false, values: EMPTY, minValues });
      case 'Gt':
        return new Requirement({ key, complement: true, values: EMPTY, min: parseBound(req) + 1, minValues });
      case 'Gte':
        return new Requirement({ key, complement: true, values: EMPTY, min: parseBound(req), minValues });
      case 'Lt':
        return new Requirement({ key, complement: true, values: EMPTY, max: parseBound(req) - 1, minValues });
      case 'Lte':
        return new Requirement({ key, complement: true, values: EMPTY, max: parseBound(req), minValues });
      default:
        throw new RequirementParseError(req, `unknown operator "${String(req.operator)}"`);
    }
  }

  /** `key In [values]`. */
  static in(key: string, values: Iterable<string>, minValues?: number): Requirement {
    return new Requirement({ key, complement: false, values: new Set(values), minValues });
  }

  /** `key Exists` (one shared immutable object per key). */
  static exists(key: string): Requirement {
    let found = EXISTS.get(key);
    if (found === undefined) {
      found = new Requirement({ key, complement: true, values: EMPTY });
      EXISTS.set(key, found);
    }
    return found;
  }

  /** `key DoesNotExist`. */
  static doesNotExist(key: string): Requirement {
    return new Requirement({ key, complement: false, values: EMPTY });
  }

  /** The operator this requirement reads as (bounded complements read as `Gt`/`Lt`, as they are written back). */
  get operator(): NodeSelectorOperator {
    if (!this.complement) return this.set.size > 0 ? 'In' : 'DoesNotExist';
    if (this.set.size > 0) return 'NotIn';
    if (this.min !== undefined) return 'Gt';
    if (this.max !== undefined) return 'Lt';
    return 'Exists';
  }

  /** Allowed values (In) or excluded values (NotIn), sorted. */
  get values(): readonly string[] {
    this.sortedCache ??= [...this.set].sort();
    return this.sortedCache;
  }

  /** Is `value` allowed? */
  has(value: string): boolean {
    if (!this.complement) return this.set.has(value);
    return !this.set.has(value) && withinBounds(value, this.min, this.max);
  }

  /** Does no value satisfy this requirement (DoesNotExist, or contradictory bounds)? */
  isEmpty(): boolean {
    if (!this.complement) return this.set.size === 0;
    if (this.min === undefined || this.max === undefined) return false;
    let excluded = 0;
    for (const v of this.set) if (withinBounds(v, this.min, this.max)) excluded++;
    return this.max - this.min + 1 <= excluded;
  }

  /** Is this a negative requirement (`NotIn` or `DoesNotExist`), which never conflicts with another negative one? */
  isNegative(): boolean {
    if (!this.complement) return this.set.size === 0;
    return this.set.size > 0 && this.min === undefined && this.max === undefined;
  }

  /** How many values satisfy it (`Infinity` for an unbounded complement). */
  size(): number {
    if (!this.complement) return this.set.size;
    if (this.min === undefined || this.max === undefined) return Number.POSITIVE_INFINITY;
    let excluded = 0;
    for (const v of this.set) if (withinBounds(v, this.min, this.max)) excluded++;
    return Math.max(0, this.max - this.min + 1 - excluded);
  }

  /** A deterministic satisfying value ('' when there is none): the smallest allowed value or integer. */
  any(): string {
    if (!this.complement) return this.values[0] ?? '';
    if (this.min === undefined && this.max !== undefined) {
      let candidate = this.max;
      while (this.set.has(String(candidate))) candidate--;
      return String(candidate);
    }
    let candidate = this.min ?? 0;
    while (this.set.has(String(candidate))) candidate++;
    if (this.max !== undefined && candidate > this.max) return '';
    return String(candidate);
  }

  /** The values both requirements allow, with minValues the larger of the two. */
  intersect(other: Requirement): Requirement {
    const min = maxDefined(this.min, other.min);
    const max = minDefined(this.max, other.max);
    const minValues = maxDefined(this.minValues, other.minValues);
    let complement: boolean;
    let values: ReadonlySet<string>;
    if (this.complement && other.complement) {
      complement = true;
      values = union(this.set, other.set);
    } else if (this.complement) {
      complement = false;
      values = difference(other.set, this.set);
    } else if (other.complement) {
      complement = false;
      values = difference(this.set, other.set);
    } else {
      complement = false;
      values = intersection(this.set, other.set);
    }
    return new Requirement({ key: this.key, complement, values, min, max, minValues });
  }

  /** Do the two requirements share a value (or are both negative, which never conflicts)? */
  intersects(other: Requirement): boolean {
    if (this.isNegative() && other.isNegative()) return true;
    if (!this.complement) return someIn(this.set, other);
    if (!other.complement) return someIn(other.set, this);
    return !this.intersect(other).isEmpty();
  }

  /** Does `other` allow exactly the same values, with the same minValues? */
  sameAs(other: Requirement): boolean {
    if (this === other) return true;
    if (
      this.key !== other.key ||
      this.complement !== other.complement ||
      this.min !== other.min ||
      this.max !== other.max ||
      this.minValues !== other.minValues
    )
      return false;
    if (this.set.size !== other.set.size) return false;
    for (const v of this.set) if (!other.set.has(v)) return false;
    return true;
  }

  /** The same requirement with another minValues. */
  withMinValues(minValues: number | undefined): Requirement {
    return new Requirement({ key: this.key, complement: this.complement, values: this.set, min: this.min, max: this.max, minValues });
  }

  /** The requirement as Kubernetes node-selector requirements (bounds become `Gt`/`Lt`). */
  toNodeSelectorRequirements(): NodeSelectorRequirementWithMinValues[] {
    const withMin = (r: NodeSelectorRequirementWithMinValues): NodeSelectorRequirementWithMinValues =>
      this.minValues === undefined ? r : { ...r, minValues: this.minValues };
    if (!this.complement) {
      return [
        withMin(
          this.set.size > 0 ? { key: this.key, operator: 'In', values: [...this.values] } : { key: this.key, operator: 'DoesNotExist' },
        ),
      ];
    }
    const out: NodeSelectorRequirementWithMinValues[] = [];
    if (this.set.size > 0) out.push({ key: this.key, operator: 'NotIn', values: [...this.values] });
    if (this.min !== undefined) out.push({ key: this.key, operator: 'Gt', values: [String(this.min - 1)] });
    if (this.max !== undefined) out.push({ key: this.key, operator: 'Lt', values: [String(this.max + 1)] });
    if (out.length === 0) out.push({ key: this.key, operator: 'Exists' });
    return out.map(withMin);
  }

  /** A human-readable rendering: `kubernetes.io/arch In [amd64 arm64]`, `x Gt 3`. */
  toString(): string {
    return this.toNodeSelectorRequirements()
      .map((r) =>
        r.values === undefined
          ? `${r.key} ${r.operator}`
          : r.operator === 'Gt' || r.operator === 'Lt'
            ? `${r.key} ${r.operator} ${r.values[0]}`
            : `${r.key} ${r.operator} [${r.values.join(' ')}]`,
      )
      .join(', ');
  }
}

function withinBounds(value: string, min: number | undefined, max: number | undefined): boolean {
  if (min === undefined && max === undefined) return true;
  const n = integerOf(value);
  if (n === undefined) return false;
  return (min === undefined || n >= min) && (max === undefined || n <= max);
}

function someIn(values: ReadonlySet<string>, requirement: Requirement): boolean {
  for (const v of values) if (requirement.has(v)) return true;
  return false;
}

function union(a: ReadonlySet<string>, b: ReadonlySet<string>): ReadonlySet<string> {
  if (b.size === 0) return a;
  if (a.size === 0) return b;
  const out = new Set(a);
  for (const v of b) out.add(v);
  return out;
}

function difference(a: ReadonlySet<string>, b: ReadonlySet<string>): ReadonlySet<string> {
  if (b.size === 0) return a;
  const out = new Set<string>();
  for (const v of a) if (!b.has(v)) out.add(v);
  return out;
}

function intersection(a: ReadonlySet<string>, b: ReadonlySet<string>): ReadonlySet<string> {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  const out = new Set<string>();
  for (const v of small) if (large.has(v)) out.add(v);
  return out.size === small.size ? small : out;
}

function maxDefined(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.max(a, b);
}

function minDefined(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.min(a, b);
}
