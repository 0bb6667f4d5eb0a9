/**
 * Kubernetes label selectors compiled once into predicates (matchLabels ANDed
 * with matchExpressions), plus a canonical text used to share topology groups.
 */
import type { LabelSelector } from '../apis/core-v1.js';

/** A compiled selector: does a pod (or node) with these labels match? */
export type LabelMatcher = (labels: Readonly<Record<string, string>> | undefined) => boolean;

const NOTHING: LabelMatcher = () => false;

/** Compiles a selector; `undefined` (no selector) matches nothing, `{}` matches everything, as in pod affinity. */
export function compileSelector(selector: LabelSelector | undefined): LabelMatcher {
  if (selector === undefined) return NOTHING;
  const tests: Array<(labels: Readonly<Record<string, string>>) => boolean> = [];
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) tests.push((l) => l[key] === value);
  for (const expr of selector.matchExpressions ?? []) {
    const values = new Set(expr.values ?? []);
    const key = expr.key;
    switch (expr.operator) {
      case 'In':
        tests.push((l) => key in l && values.has(l[key]));
        break;
      case 'NotIn':
        tests.push((l) => !(key in l) || !values.has(l[key]));
        break;
      case 'Exists':
        tests.push((l) => key in l);
        break;
      case 'DoesNotExist':
        tests.push((l) => !(key in l));
        break;
    }
  }
  return (labels) => {
    const l = labels ?? {};
    for (const test of tests) if (!test(l)) return false;
    return true;
  };
}

/** A stable text for a selector (sorted keys and values), so equal selectors share one topology group. */
export function selectorKey(selector: LabelSelector | undefined): string {
  if (selector === undefined) return '<none>';
  const labels = Object.keys(selector.matchLabels ?? {})
    .sort()
    .map((k) => `${k}=${selector.matchLabels![k]}`);
  const exprs = (selector.matchExpressions ?? []).map((e) => `${e.key} ${e.operator} ${[...(e.values ?? [])].sort().join('|')}`).sort();
  return `${labels.join(',')};${exprs.join(',')}`;
}

/** Adds `key = labels[key]` to a selector for every `matchLabelKeys` entry the pod has (topology spread / affinity). */
export function withMatchLabelKeys(
  selector: LabelSelector | undefined,
  keys: readonly string[] | undefined,
  labels: Readonly<Record<string, string>>,
): LabelSelector | undefined {
  if (selector === undefined || keys === undefined || keys.length === 0) return selector;
  const matchLabels = { ...(selector.matchLabels ?? {}) };
  for (const key of keys) if (key in labels) matchLabels[key] = labels[key];
  return { ...selector, matchLabels };
}
