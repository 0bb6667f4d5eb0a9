/** Text for the detail pane's describe lines: taints, requirements, resource lists, conditions, amounts. Pure. */
import type { Taint, Toleration } from '../../apis/core-v1.js';
import type { ResourceList } from '../../apis/object-meta.js';
import type { ConditionLike } from './object-facts.js';
import type { DescribeLine } from './view-model.js';

/** A describe line. */
export function line(label: string, value: string): DescribeLine {
  return { label, value };
}

/** `<none>` for an empty list, else the items joined by `, `. */
export function listOrNone(items: readonly string[]): string {
  return items.length === 0 ? '<none>' : items.join(', ');
}

/** `key=value:Effect` for each taint. */
export function formatTaints(taints: readonly Taint[] | undefined): string {
  return listOrNone((taints ?? []).map((taint) => `${taint.key}${taint.value === undefined ? '' : `=${taint.value}`}:${taint.effect}`));
}

/** `key=value:Effect`, `key:Exists`, `:Exists` (everything) for each toleration. */
export function formatTolerations(tolerations: readonly Toleration[] | undefined): string {
  return listOrNone(
    (tolerations ?? []).map((toleration) => {
      const key = toleration.key ?? '';
      const op = toleration.operator === 'Exists' ? ':Exists' : `=${toleration.value ?? ''}`;
      const effect = toleration.effect === undefined || toleration.effect === '' ? '' : `:${toleration.effect}`;
      return `${key}${op}${effect}`;
    }),
  );
}

/** `key In [a, b]` for each requirement (`minValues` noted). */
export function formatRequirements(
  requirements: ReadonlyArray<{ key: string; operator: string; values?: readonly string[]; minValues?: number }> | undefined,
): string {
  return listOrNone(
    (requirements ?? []).map((req) => {
      const values = req.values === undefined || req.values.length === 0 ? '' : ` [${req.values.join(', ')}]`;
      return `${req.key} ${req.operator}${values}${req.minValues === undefined ? '' : ` (minValues ${req.minValues})`}`;
    }),
  );
}

/** `cpu=4, memory=16Gi` in name order. */
export function formatResourceList(list: ResourceList | undefined): string {
  if (list === undefined) return '<none>';
  return listOrNone(
    Object.keys(list)
      .sort()
      .map((name) => `${name}=${list[name]}`),
  );
}

/** `Type=Status (Reason: message)` for each condition. */
export function formatConditions(conditions: readonly ConditionLike[] | undefined): string {
  return listOrNone(
    (conditions ?? []).map((condition) => {
      const why = [condition.reason, condition.message].filter((part) => part !== undefined && part !== '').join(': ');
      return `${condition.type}=${condition.status}${why === '' ? '' : ` (${why})`}`;
    }),
  );
}

/** Millicores as `250m`, or whole cores as `2`. */
export function formatCpu(millicores: number): string {
  return millicores % 1000 === 0 ? String(millicores / 1000) : `${millicores}m`;
}

const BINARY = [
  ['Ti', 2 ** 40],
  ['Gi', 2 ** 30],
  ['Mi', 2 ** 20],
  ['Ki', 2 ** 10],
] as const;

/** Bytes as `16Gi`, `1.5Gi`, `512Mi`, or plain bytes. */
export function formatMemory(bytes: number): string {
  for (const [suffix, size] of BINARY) {
    if (bytes >= size) {
      const value = bytes / size;
      return `${Number.isInteger(value) ? value : value.toFixed(1)}${suffix}`;
    }
  }
  return String(bytes);
}
