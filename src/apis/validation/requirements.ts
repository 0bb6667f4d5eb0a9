/**
 * Validation of a requirements list (`NodeSelectorRequirementWithMinValues[]`)
 * as upstream's CEL rules and runtime validation do (https://karpenter.sh/docs/concepts/
 * https://karpenter.sh/docs/concepts/nodepools/): supported operators, `In` needs values, `Gt`/`Lt` need one integer,
 * `minValues` ≤ number of values, restricted keys; plus warnings for typos of
 * well-known keys and values.
 */
import { CapacityTypes, LabelAliases } from '../well-known-labels.js';
import type { PathSegment, ProblemList } from '../problem.js';
import { didYouMean } from '../suggest.js';
import { checkLabelKey, labelValueError, qualifiedNameError, wellKnownTypoOf } from './labels.js';
import { isRecord } from './schema.js';

/** Every operator a requirement may use. */
export const OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt', 'Gte', 'Lte'] as const;

const OPERATOR_ALIASES: Record<string, string> = {
  equals: 'In',
  equal: 'In',
  eq: 'In',
  is: 'In',
  '=': 'In',
  '==': 'In',
  in: 'In',
  oneof: 'In',
  notequals: 'NotIn',
  notequal: 'NotIn',
  ne: 'NotIn',
  '!=': 'NotIn',
  notin: 'NotIn',
  not: 'NotIn',
  exist: 'Exists',
  exists: 'Exists',
  present: 'Exists',
  notexists: 'DoesNotExist',
  doesnotexists: 'DoesNotExist',
  absent: 'DoesNotExist',
  doesnotexist: 'DoesNotExist',
  greaterthan: 'Gt',
  '>': 'Gt',
  gt: 'Gt',
  lessthan: 'Lt',
  '<': 'Lt',
  lt: 'Lt',
  '>=': 'Gte',
  gte: 'Gte',
  greaterthanorequal: 'Gte',
  '<=': 'Lte',
  lte: 'Lte',
  lessthanorequal: 'Lte',
};

/** The operator a user probably meant by `input` (`Equals` → `In`), if any. */
export function suggestOperator(input: string): string | undefined {
  const alias = OPERATOR_ALIASES[input.toLowerCase().replace(/[\s_-]/g, '')];
  if (alias !== undefined) return alias;
  return didYouMean(input, OPERATORS)?.match(/"(.+)"/)?.[1];
}

/**
 * Label keys whose values come from a fixed set. Upstream refuses an `In` that lists none of them only for the keys
 * of its `WellKnownValuesForRequirements` (`karpenter.sh/capacity-type`); for the others (arch, os) a value no node
 * has is stored as written, and what it leads to, "matches no instance type", is the instance-type fit's warning.
 */
const FIXED_VALUES: Record<string, { readonly values: readonly string[]; readonly refuseNoneKnown: boolean }> = {
  'karpenter.sh/capacity-type': { values: CapacityTypes, refuseNoneKnown: true },
  'kubernetes.io/arch': { values: ['amd64', 'arm64'], refuseNoneKnown: false },
  'kubernetes.io/os': { values: ['linux', 'windows'], refuseNoneKnown: false },
};

const VALUE_ALIASES: Record<string, string> = { x86_64: 'amd64', x86: 'amd64', aarch64: 'arm64', ondemand: 'on-demand', od: 'on-demand' };

/** Options that differ between NodePools and NodeClaims. */
export interface RequirementRules {
  /** NodePools may not require restricted keys; NodeClaims (written by Karpenter) may. */
  readonly checkRestricted: boolean;
}

/**
 * The NodeClaim CRD's CEL on requirement keys: of the `karpenter.sh` domain only `karpenter.sh/capacity-type` and
 * `karpenter.sh/nodepool` (which Karpenter writes), and never `kubernetes.io/hostname`.
 */
function nodeClaimKeyError(key: string): string | undefined {
  if (key === 'kubernetes.io/hostname') return 'label "kubernetes.io/hostname" is restricted';
  const domain = key.includes('/') ? key.slice(0, key.indexOf('/')) : '';
  const inKarpenter = domain === 'karpenter.sh' || domain.endsWith('.karpenter.sh');
  if (inKarpenter && key !== 'karpenter.sh/capacity-type' && key !== 'karpenter.sh/nodepool') {
    return 'label domain "karpenter.sh" is restricted (only karpenter.sh/capacity-type and karpenter.sh/nodepool may be required)';
  }
  return undefined;
}

function checkKey(key: unknown, at: readonly PathSegment[], rules: RequirementRules, problems: ProblemList): key is string {
  if (typeof key !== 'string' || key === '') {
    problems.error([...at, 'key'], 'required', 'key is required');
    return false;
  }
  if (key.length > 316) problems.error([...at, 'key'], 'too-long', `key must be at most 316 characters long, got ${key.length}`);
  if (rules.checkRestricted && !checkLabelKey(key, [...at, 'key'], problems)) return false;
  if (!rules.checkRestricted && qualifiedNameError(key) !== undefined) {
    problems.error([...at, 'key'], 'invalid-label-key', `invalid label key "${key}": ${qualifiedNameError(key)}`);
    return false;
  }
  const claimRestricted = rules.checkRestricted ? undefined : nodeClaimKeyError(key);
  if (claimRestricted !== undefined) {
    problems.error([...at, 'key'], 'restricted-label', claimRestricted);
    return false;
  }
  if (key in LabelAliases) {
    problems.warn(
      [...at, 'key'],
      'deprecated-label',
      `label "${key}" is deprecated and is read as "${LabelAliases[key]}"`,
      `use "${LabelAliases[key]}"`,
    );
  }
  const typo = wellKnownTypoOf(key);
  if (typo !== undefined) {
    problems.warn(
      [...at, 'key'],
      'unknown-label',
      `label "${key}" is not a well-known label and no node will have it unless the pool sets it`,
      `typo of "${typo}"?`,
    );
  }
  return true;
}

function checkOperator(operator: unknown, at: readonly PathSegment[], problems: ProblemList): string | undefined {
  if (operator === undefined || operator === null || operator === '') {
    problems.error([...at, 'operator'], 'required', 'operator is required', `one of ${OPERATORS.join(', ')}`);
    return undefined;
  }
  if (typeof operator !== 'string' || !(OPERATORS as readonly string[]).includes(operator)) {
    const suggestion = typeof operator === 'string' ? suggestOperator(operator) : undefined;
    const hint = suggestion === undefined ? `expected one of ${OPERATORS.join(', ')}` : `did you mean "${suggestion}"?`;
    problems.error([...at, 'operator'], 'unknown-operator', `unknown operator ${JSON.stringify(operator)}`, hint);
    return undefined;
  }
  return operator;
}

function checkValueList(values: unknown, at: readonly PathSegment[], problems: ProblemList): string[] | undefined {
  if (values === undefined || values === null) return [];
  if (!Array.isArray(values)) {
    problems.error([...at, 'values'], 'invalid-type', 'values must be a list of strings', 'write values: ["a", "b"]');
    return undefined;
  }
  const strings: string[] = [];
  values.forEach((value, index) => {
    if (typeof value !== 'string') {
      problems.error(
        [...at, 'values', index],
        'invalid-type',
        `must be a string, got ${typeof value} ${JSON.stringify(value)}`,
        `quote it: "${String(value)}"`,
      );
      return;
    }
    const invalid = labelValueError(value);
    if (invalid !== undefined) problems.error([...at, 'values', index], 'invalid-label-value', `invalid value "${value}": ${invalid}`);
    strings.push(value);
  });
  return strings;
}

function checkOperatorValues(operator: string, values: string[], at: readonly PathSegment[], problems: ProblemList): void {
  if (operator === 'In' && values.length === 0) {
    problems.error([...at, 'values'], 'values-required', 'operator In needs at least one value', 'list the allowed values, or use Exists');
  }
  if (['Gt', 'Lt', 'Gte', 'Lte'].includes(operator) && (values.length !== 1 || !/^[0-9]+$/.test(values[0]))) {
    const got = values.length === 1 ? `"${values[0]}"` : `${values.length} values`;
    problems.error([...at, 'values'], 'invalid-bound', `operator ${operator} needs exactly one non-negative integer value, got ${got}`);
  }
  if ((operator === 'Exists' || operator === 'DoesNotExist') && values.length > 0) {
    problems.warn([...at, 'values'], 'values-ignored', `values are ignored with operator ${operator}`, 'remove values, or use In / NotIn');
  }
}

function checkKnownValues(key: string, operator: string, values: string[], at: readonly PathSegment[], problems: ProblemList): void {
  const fixed = FIXED_VALUES[LabelAliases[key] ?? key];
  if (fixed === undefined || (operator !== 'In' && operator !== 'NotIn')) return;
  const known = fixed.values;
  const noneKnown = operator === 'In' && values.length > 0 && !values.some((value) => known.includes(value));
  values.forEach((value, index) => {
    if (known.includes(value)) return;
    const alias = VALUE_ALIASES[value.toLowerCase()];
    const typo = alias !== undefined ? `did you mean "${alias}"?` : didYouMean(value, known);
    // When nothing listed is known and upstream stores it anyway, the instance-type fit warns; only a typo adds a hint.
    if (noneKnown && !fixed.refuseNoneKnown && typo === undefined) return;
    problems.warn(
      [...at, 'values', index],
      'unknown-value',
      `no node ever has ${key}=${value}`,
      typo ?? `known values: ${known.join(', ')}`,
    );
  });
  if (noneKnown && fixed.refuseNoneKnown) {
    problems.error([...at, 'values'], 'no-known-value', `none of the values of ${key} is known (expected some of ${known.join(', ')})`);
  }
}

function checkMinValues(
  item: Record<string, unknown>,
  operator: string | undefined,
  values: string[],
  at: readonly PathSegment[],
  problems: ProblemList,
): void {
  const minValues = item.minValues;
  if (minValues === undefined || minValues === null) return;
  if (typeof minValues !== 'number' || !Number.isInteger(minValues) || minValues < 1 || minValues > 50) {
    problems.error([...at, 'minValues'], 'out-of-range', `minValues must be an integer between 1 and 50, got ${JSON.stringify(minValues)}`);
    return;
  }
  if (operator === 'In' && values.length < minValues) {
    problems.error(
      [...at, 'minValues'],
      'min-values',
      `minValues is ${minValues} but only ${values.length} value(s) are listed`,
      `list at least ${minValues} values or lower minValues`,
    );
  }
}

function checkRequirement(item: unknown, at: readonly PathSegment[], rules: RequirementRules, problems: ProblemList): void {
  if (!isRecord(item)) {
    problems.error(at, 'invalid-type', 'must be an object with key, operator and values');
    return;
  }
  for (const field of Object.keys(item)) {
    if (!['key', 'operator', 'values', 'minValues'].includes(field)) {
      problems.error(
        [...at, field],
        'unknown-field',
        `unknown field "${field}"`,
        didYouMean(field, ['key', 'operator', 'values', 'minValues']),
      );
    }
  }
  const hasKey = checkKey(item.key, at, rules, problems);
  const operator = checkOperator(item.operator, at, problems);
  const values = checkValueList(item.values, at, problems);
  if (values === undefined) return;
  if (operator !== undefined) checkOperatorValues(operator, values, at, problems);
  if (operator !== undefined && hasKey) checkKnownValues(item.key as string, operator, values, at, problems);
  checkMinValues(item, operator, values, at, problems);
}

/** Checks a requirements list at `at` (which must be a list of at most 100 items). */
export function checkRequirements(requirements: unknown, at: readonly PathSegment[], rules: RequirementRules, problems: ProblemList): void {
  if (requirements === undefined || requirements === null) return;
  if (!Array.isArray(requirements)) {
    problems.error(at, 'invalid-type', 'requirements must be a list');
    return;
  }
  if (requirements.length > 100) problems.error(at, 'too-many', `must have at most 100 items, got ${requirements.length}`);
  for (const [index, item] of requirements.entries()) checkRequirement(item, [...at, index], rules, problems);
}
