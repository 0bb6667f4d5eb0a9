/**
 * A small structural schema (the part of a CRD's OpenAPI schema that kubectl
 * checks: types, required and unknown fields, enums, patterns, bounds) and one
 * walker that reports violations as problems with friendly messages and
 * "did you mean" hints. Rules across fields (CEL) live in the per-kind validators.
 */
import { Quantity } from '../quantity.js';
import type { PathSegment, ProblemList } from '../problem.js';
import { didYouMean } from '../suggest.js';

/** A string that must match a pattern; `expected` says in words what was wanted. */
export interface PatternRule {
  readonly regex: RegExp;
  readonly expected: string;
}

/** The schema of one field. */
export type FieldSchema =
  | {
      readonly type: 'string';
      readonly enum?: readonly string[];
      /** Hints for values older APIs used, e.g. `WhenUnderutilized` → `WhenEmptyOrUnderutilized`. */
      readonly legacyValues?: Readonly<Record<string, string>>;
      readonly pattern?: PatternRule;
      readonly minLength?: number;
      readonly maxLength?: number;
    }
  | { readonly type: 'integer'; readonly minimum?: number; readonly maximum?: number }
  | { readonly type: 'boolean' }
  | { readonly type: 'quantity' }
  | { readonly type: 'any' }
  | ObjectSchema
  | { readonly type: 'map'; readonly values: FieldSchema; readonly maxProperties?: number }
  | { readonly type: 'array'; readonly items: FieldSchema; readonly minItems?: number; readonly maxItems?: number };

/** An object with known fields; unknown fields are errors (kubectl's strict field validation). */
export interface ObjectSchema {
  readonly type: 'object';
  readonly fields: Readonly<Record<string, FieldSchema>>;
  readonly required?: readonly string[];
  /** Hints for fields that older APIs had, e.g. `consolidation` → use `disruption`. */
  readonly legacy?: Readonly<Record<string, string>>;
}

/** Is `value` a plain (non-array) object? */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${JSON.stringify(value)}`;
}

function typeError(value: unknown, expected: string, at: readonly PathSegment[], problems: ProblemList): void {
  const hint =
    expected === 'a string' && (typeof value === 'number' || typeof value === 'boolean') ? `quote it: "${String(value)}"` : undefined;
  problems.error(at, 'invalid-type', `must be ${expected}, got ${describe(value)}`, hint);
}

function checkString(
  value: unknown,
  schema: Extract<FieldSchema, { type: 'string' }>,
  at: readonly PathSegment[],
  problems: ProblemList,
): void {
  if (typeof value !== 'string') return typeError(value, 'a string', at, problems);
  if (schema.enum !== undefined && !schema.enum.includes(value)) {
    const allowed = schema.enum.map((item) => `"${item}"`).join(', ');
    problems.error(
      at,
      'unsupported-value',
      `unsupported value "${value}" (expected one of ${allowed})`,
      schema.legacyValues?.[value] ?? didYouMean(value, schema.enum),
    );
    return;
  }
  if (schema.minLength !== undefined && value.length < schema.minLength) {
    problems.error(at, 'too-short', schema.minLength === 1 ? 'must not be empty' : `must be at least ${schema.minLength} characters long`);
  } else if (schema.maxLength !== undefined && value.length > schema.maxLength) {
    problems.error(at, 'too-long', `must be at most ${schema.maxLength} characters long, got ${value.length}`);
  } else if (schema.pattern !== undefined && !schema.pattern.regex.test(value)) {
    problems.error(at, 'invalid-format', `invalid value "${value}" (expected ${schema.pattern.expected})`);
  }
}

function checkInteger(
  value: unknown,
  schema: Extract<FieldSchema, { type: 'integer' }>,
  at: readonly PathSegment[],
  problems: ProblemList,
): void {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    const hint = typeof value === 'string' && /^-?\d+$/.test(value) ? `remove the quotes: ${value}` : undefined;
    problems.error(at, 'invalid-type', `must be an integer, got ${describe(value)}`, hint);
    return;
  }
  const { minimum, maximum } = schema;
  if ((minimum !== undefined && value < minimum) || (maximum !== undefined && value > maximum)) {
    const range =
      maximum === undefined ? `at least ${minimum}` : minimum === undefined ? `at most ${maximum}` : `between ${minimum} and ${maximum}`;
    problems.error(at, 'out-of-range', `must be ${range}, got ${value}`);
  }
}

function checkQuantity(value: unknown, at: readonly PathSegment[], problems: ProblemList): void {
  if (typeof value === 'number' && Number.isFinite(value)) return;
  if (typeof value !== 'string') return typeError(value, 'a quantity (e.g. 100, 500m, 16Gi)', at, problems);
  if (Quantity.tryParse(value) === undefined) {
    problems.error(
      at,
      'invalid-quantity',
      `"${value}" is not a valid quantity (expected a number with an optional suffix such as 500m, 2Gi or 1e3)`,
    );
  }
}

function checkObject(value: unknown, schema: ObjectSchema, at: readonly PathSegment[], problems: ProblemList): void {
  if (!isRecord(value)) return typeError(value, 'an object', at, problems);
  for (const field of schema.required ?? []) {
    if (value[field] === undefined || value[field] === null) problems.error([...at, field], 'required', `${field} is required`);
  }
  const known = Object.keys(schema.fields);
  for (const [key, child] of Object.entries(value)) {
    const fieldSchema = schema.fields[key];
    if (fieldSchema === undefined) {
      const hint = schema.legacy?.[key] ?? didYouMean(key, known);
      problems.error([...at, key], 'unknown-field', `unknown field "${key}"`, hint);
    } else if (child !== undefined && child !== null) {
      checkSchema(child, fieldSchema, [...at, key], problems);
    }
  }
}

function checkMap(value: unknown, schema: Extract<FieldSchema, { type: 'map' }>, at: readonly PathSegment[], problems: ProblemList): void {
  if (!isRecord(value)) return typeError(value, 'a map of key: value', at, problems);
  const entries = Object.entries(value);
  if (schema.maxProperties !== undefined && entries.length > schema.maxProperties) {
    problems.error(at, 'too-many', `must have at most ${schema.maxProperties} entries, got ${entries.length}`);
  }
  for (const [key, child] of entries) checkSchema(child, schema.values, [...at, key], problems);
}

function checkArray(
  value: unknown,
  schema: Extract<FieldSchema, { type: 'array' }>,
  at: readonly PathSegment[],
  problems: ProblemList,
): void {
  if (!Array.isArray(value)) return typeError(value, 'a list', at, problems);
  if (schema.minItems !== undefined && value.length < schema.minItems) {
    problems.error(at, 'too-few', schema.minItems === 1 ? 'must have at least one item' : `must have at least ${schema.minItems} items`);
  }
  if (schema.maxItems !== undefined && value.length > schema.maxItems) {
    problems.error(at, 'too-many', `must have at most ${schema.maxItems} items, got ${value.length}`);
  }
  for (const [index, item] of value.entries()) checkSchema(item, schema.items, [...at, index], problems);
}

/** Checks `value` against `schema`, appending one problem per violation to `problems`. */
export function checkSchema(value: unknown, schema: FieldSchema, at: readonly PathSegment[], problems: ProblemList): void {
  switch (schema.type) {
    case 'string':
      return checkString(value, schema, at, problems);
    case 'integer':
      return checkInteger(value, schema, at, problems);
    case 'boolean':
      if (typeof value !== 'boolean') typeError(value, 'true or false', at, problems);
      return;
    case 'quantity':
      return checkQuantity(value, at, problems);
    case 'object':
      return checkObject(value, schema, at, problems);
    case 'map':
      return checkMap(value, schema, at, problems);
    case 'array':
      return checkArray(value, schema, at, problems);
    default:
      return;
  }
}
