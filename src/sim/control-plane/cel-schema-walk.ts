/**
 * Walks a value (and, on updates, its old version) along a structural schema
 * and evaluates every `x-kubernetes-validations` rule on the way, as
 * kube-apiserver does: a rule runs where its node has a value; transition
 * rules (those using `oldSelf`) run only when the old value exists too.
 * Old values follow object properties and map keys; list items have no old
 * value unless the list is `x-kubernetes-list-type: map` (then by its keys).
 */
import { compileProblem, evaluateRule, isTransitionRule, type CelRule } from './cel-rules.js';
import { isDict, type Dict } from './object.js';

/** A rule that failed, with the field it names. */
export interface CelCause {
  readonly reason: string;
  readonly field: string;
  readonly message: string;
}

function isIntegerSchema(schema: Dict): boolean {
  return schema.type === 'integer' || schema['x-kubernetes-int-or-string'] === true;
}

/** JSON → CEL values: integer-typed numbers become `int` (BigInt); everything else as is. */
export function toCelValue(value: unknown, schema: unknown): unknown {
  if (!isDict(schema)) return value;
  if (typeof value === 'number' && Number.isInteger(value) && isIntegerSchema(schema)) return BigInt(value);
  if (Array.isArray(value)) return value.map((item) => toCelValue(item, schema.items));
  if (!isDict(value)) return value;
  const properties = isDict(schema.properties) ? schema.properties : {};
  const out: Dict = {};
  for (const [key, child] of Object.entries(value)) out[key] = toCelValue(child, properties[key] ?? schema.additionalProperties);
  return out;
}

function shownType(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (isDict(value)) return 'object';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

function rulesOf(schema: Dict): CelRule[] {
  const rules = schema['x-kubernetes-validations'];
  return Array.isArray(rules) ? rules.filter((r): r is CelRule => isDict(r) && typeof r.rule === 'string') : [];
}

function checkRules(value: unknown, old: unknown, schema: Dict, path: string, out: CelCause[]): void {
  const rules = rulesOf(schema);
  if (rules.length === 0) return;
  const self = toCelValue(value, schema);
  const oldSelf = old === undefined ? undefined : toCelValue(old, schema);
  for (const rule of rules) {
    if (isTransitionRule(rule) && oldSelf === undefined) continue;
    const outcome = evaluateRule(rule, self, oldSelf);
    if (outcome.ok) continue;
    const field = rule.fieldPath === undefined ? path : `${path}${rule.fieldPath}`;
    out.push({ reason: rule.reason ?? 'FieldValueInvalid', field, message: `Invalid value: "${shownType(value)}": ${outcome.message}` });
  }
}

function oldItem(schema: Dict, item: unknown, oldList: unknown): unknown {
  if (schema['x-kubernetes-list-type'] !== 'map' || !Array.isArray(oldList) || !isDict(item)) return undefined;
  const keys = Array.isArray(schema['x-kubernetes-list-map-keys']) ? (schema['x-kubernetes-list-map-keys'] as string[]) : [];
  return oldList.find((candidate) => isDict(candidate) && keys.every((k) => candidate[k] === item[k]));
}

/** Evaluates every CEL rule of `schema` over `value`; `old` is the stored object on updates. */
export function celCauses(value: unknown, old: unknown, schema: unknown, path = '', out: CelCause[] = []): CelCause[] {
  if (!isDict(schema) || value === undefined || value === null) return out;
  checkRules(value, old, schema, path, out);
  if (Array.isArray(value)) {
    if (isDict(schema.items)) {
      for (const [i, item] of value.entries()) celCauses(item, oldItem(schema, item, old), schema.items, `${path}[${i}]`, out);
    }
    return out;
  }
  if (!isDict(value)) return out;
  const properties = isDict(schema.properties) ? schema.properties : {};
  const oldDict = isDict(old) ? old : undefined;
  for (const [key, child] of Object.entries(value)) {
    const childSchema = properties[key] ?? schema.additionalProperties;
    if (path === '' && key === 'metadata') continue;
    celCauses(child, oldDict?.[key], childSchema, join(path, key), out);
  }
  return out;
}

/** Every CEL rule of `schema` that does not compile, as `rule: reason`. */
export function celCompileProblems(schema: unknown, out: string[] = []): string[] {
  if (!isDict(schema)) return out;
  for (const rule of rulesOf(schema)) {
    const problem = compileProblem(rule.rule);
    if (problem !== undefined) out.push(`compilation failed for rule ${JSON.stringify(rule.rule)}: ${problem}`);
  }
  const children = [schema.items, schema.additionalProperties, ...Object.values(isDict(schema.properties) ? schema.properties : {})];
  for (const child of children) celCompileProblems(child, out);
  return out;
}
