/**
 * Field checks shared by the built-in kinds' validation, each returning
 * problems as data (`field`, `message`) worded as kube-apiserver words them
 * (k8s.io/apimachinery/pkg/util/validation/field).
 */
import { Quantity } from '../../apis/quantity.js';
import { isDict } from './object.js';

/** One validation failure: the field path and kube-apiserver's message. */
export interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const QUANTITY_REGEX = "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
const PERCENT = /^[0-9]+%$/;

/** How Go's %v would show a value in an `Invalid value:` message. */
export function shown(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
}

/** A value of the wrong JSON type. */
export function typeProblem(field: string, value: unknown, expected: string): FieldProblem {
  const actual = Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;
  return { field, message: `Invalid value: ${shown(value)}: must be ${expected}, not ${actual}` };
}

/** `name` must be a DNS-1123 label (container names, port names). */
export function dnsLabelProblems(field: string, name: unknown): FieldProblem[] {
  if (name === undefined || name === '') return [{ field, message: 'Required value' }];
  if (typeof name !== 'string') return [typeProblem(field, name, 'a string')];
  if (name.length <= 63 && DNS1123_LABEL.test(name)) return [];
  return [
    {
      field,
      message: `Invalid value: ${shown(name)}: a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
    },
  ];
}

/** A map of resource name → quantity (requests, limits, capacity, allocatable); returns the parsed ones. */
export function quantityMapProblems(field: string, value: unknown, parsed?: Map<string, Quantity>): FieldProblem[] {
  if (value === undefined || value === null) return [];
  if (!isDict(value)) return [typeProblem(field, value, 'an object')];
  const problems: FieldProblem[] = [];
  for (const [name, raw] of Object.entries(value)) {
    const at = `${field}[${name}]`;
    const quantity = typeof raw === 'string' || typeof raw === 'number' ? Quantity.tryParse(raw) : undefined;
    if (quantity === undefined) {
      problems.push({ field: at, message: `Invalid value: ${shown(raw)}: quantities must match the regular expression ${QUANTITY_REGEX}` });
    } else if (quantity.nanos < 0n) {
      problems.push({ field: at, message: `Invalid value: ${shown(raw)}: must be greater than or equal to 0` });
    } else parsed?.set(name, quantity);
  }
  return problems;
}

/** An int-or-string that must be a non-negative integer or a percent (`minAvailable`, `maxUnavailable`, `maxSurge`). */
export function intOrPercentProblems(field: string, value: unknown): FieldProblem[] {
  if (value === undefined || value === null) return [];
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) return [typeProblem(field, value, 'an integer or a percent string')];
    return value < 0 ? [{ field, message: `Invalid value: ${value}: must be greater than or equal to 0` }] : [];
  }
  if (typeof value !== 'string') return [typeProblem(field, value, 'an integer or a percent string')];
  if (!PERCENT.test(value))
    return [
      {
        field,
        message: `Invalid value: ${shown(value)}: a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')`,
      },
    ];
  return [];
}

/** An optional integer that must be ≥ 0 (`replicas`, `minReadySeconds`). */
export function nonNegativeIntProblems(field: string, value: unknown): FieldProblem[] {
  if (value === undefined || value === null) return [];
  if (typeof value !== 'number' || !Number.isInteger(value)) return [typeProblem(field, value, 'an integer')];
  return value < 0 ? [{ field, message: `Invalid value: ${value}: must be greater than or equal to 0` }] : [];
}
