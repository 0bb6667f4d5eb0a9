/**
 * Reads the pod fields every workload shares ({@link PodShape}): requests as Kubernetes quantities (parsed with
 * src/apis/quantity, positive and bounded), a nodeSelector of valid label keys and values, tolerations in the
 * core/v1 shape, `spreadZones` and `doNotDisrupt`.
 */
import { Quantity } from '../../apis/quantity.js';
import type { PathSegment, ProblemList } from '../../apis/problem.js';
import { didYouMean } from '../../apis/suggest.js';
import { labelValueError, qualifiedNameError } from '../../apis/validation/labels.js';
import type { PodShape } from '../types.js';
import { asFields, type FieldContext, readBoolean, readString, refuseUnknownFields } from './scenario-fields.js';

/** The fields of {@link PodShape}, for the workload parsers' lists of known fields. */
export const POD_SHAPE_FIELDS = ['requests', 'nodeSelector', 'tolerations', 'spreadZones', 'doNotDisrupt'] as const;

/** The largest request a pod may make: 1,000 CPUs and 32Ti of memory (more than any instance type offers). */
const MAX_REQUEST = { cpu: Quantity.parse('1000'), memory: Quantity.parse('32Ti') } as const;

type Toleration = NonNullable<PodShape['tolerations']>[number];

const OPERATORS = ['Exists', 'Equal'] as const;
const EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] as const;

function readQuantity(context: FieldContext, key: 'cpu' | 'memory'): string | undefined {
  const raw = context.fields[key];
  const text = typeof raw === 'number' ? String(raw) : readString(context, key);
  if (text === undefined) return undefined;
  const at = [...context.at, key];
  const quantity = Quantity.tryParse(text);
  if (quantity === undefined) {
    const hint = key === 'cpu' ? 'e.g. "500m" or "2"' : 'e.g. "512Mi" or "4Gi"';
    context.problems.error(at, 'invalid-quantity', `"${text}" is not a quantity`, hint);
    return undefined;
  }
  if (quantity.cmp(Quantity.zero()) <= 0 || quantity.cmp(MAX_REQUEST[key]) > 0) {
    context.problems.error(
      at,
      'out-of-range',
      `${key} request "${text}" is out of range: expected more than 0 and at most ${MAX_REQUEST[key].toString()}`,
    );
    return undefined;
  }
  return text;
}

function readRequests(context: FieldContext): PodShape['requests'] | undefined {
  const value = context.fields.requests;
  if (value === undefined || value === null) {
    context.problems.error([...context.at, 'requests'], 'missing-field', '"requests" is required', 'e.g. {cpu: 500m, memory: 1Gi}');
    return undefined;
  }
  const at = [...context.at, 'requests'];
  const fields = asFields(value, at, context.problems);
  if (fields === undefined) return undefined;
  const inner = { fields, at, problems: context.problems };
  refuseUnknownFields(inner, ['cpu', 'memory']);
  const cpu = readQuantity(inner, 'cpu');
  const memory = readQuantity(inner, 'memory');
  return cpu === undefined || memory === undefined ? undefined : { cpu, memory };
}

function readNodeSelector(context: FieldContext): Record<string, string> | undefined {
  const value = context.fields.nodeSelector;
  if (value === undefined || value === null) return undefined;
  const at = [...context.at, 'nodeSelector'];
  const fields = asFields(value, at, context.problems);
  if (fields === undefined) return undefined;
  const selector: Record<string, string> = {};
  for (const [key, raw] of Object.entries(fields)) {
    const text = typeof raw === 'number' || typeof raw === 'boolean' ? String(raw) : raw;
    const problem = qualifiedNameError(key) ?? (typeof text === 'string' ? labelValueError(text) : 'expected a string value');
    if (problem !== undefined) context.problems.error([...at, key], 'invalid-label', `nodeSelector "${key}": ${problem}`);
    else selector[key] = text as string;
  }
  return selector;
}

function readEnum<T extends string>(context: FieldContext, key: string, allowed: readonly T[]): T | undefined {
  const value = readString(context, key, false);
  if (value === undefined || (allowed as readonly string[]).includes(value)) return value as T | undefined;
  const hint = didYouMean(value, allowed) ?? `expected one of ${allowed.join(', ')}`;
  context.problems.error([...context.at, key], 'invalid-value', `"${value}" is not one of ${allowed.join(', ')}`, hint);
  return undefined;
}

function readToleration(item: unknown, at: PathSegment[], problems: ProblemList): Toleration | undefined {
  const fields = asFields(item, at, problems);
  if (fields === undefined) return undefined;
  const context = { fields, at, problems };
  refuseUnknownFields(context, ['key', 'operator', 'value', 'effect']);
  const key = readString(context, 'key');
  const operator = readEnum(context, 'operator', OPERATORS);
  const value = readString(context, 'value', false);
  const effect = readEnum(context, 'effect', EFFECTS);
  if (key === undefined) return undefined;
  return {
    key,
    ...(operator === undefined ? {} : { operator }),
    ...(value === undefined ? {} : { value }),
    ...(effect === undefined ? {} : { effect }),
  };
}

function readTolerations(context: FieldContext): Toleration[] | undefined {
  const value = context.fields.tolerations;
  if (value === undefined || value === null) return undefined;
  const at = [...context.at, 'tolerations'];
  if (!Array.isArray(value)) {
    context.problems.error(at, 'invalid-type', 'expected a list of tolerations');
    return undefined;
  }
  const items = value.map((item, index) => readToleration(item, [...at, index], context.problems));
  return items.filter((item): item is Toleration => item !== undefined);
}

/** The pod shape of the workload at `context`, or `undefined` when its requests are missing or wrong. */
export function readPodShape(context: FieldContext): PodShape | undefined {
  const requests = readRequests(context);
  const nodeSelector = readNodeSelector(context);
  const tolerations = readTolerations(context);
  const spreadZones = readBoolean(context, 'spreadZones');
  const doNotDisrupt = readBoolean(context, 'doNotDisrupt');
  if (requests === undefined) return undefined;
  return {
    requests,
    ...(nodeSelector === undefined ? {} : { nodeSelector }),
    ...(tolerations === undefined ? {} : { tolerations }),
    ...(spreadZones === undefined ? {} : { spreadZones }),
    ...(doNotDisrupt === undefined ? {} : { doNotDisrupt }),
  };
}
