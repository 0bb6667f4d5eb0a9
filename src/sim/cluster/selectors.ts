/**
 * Label and node selectors matched the way kube-scheduler matches them
 * against one object's labels (not Karpenter's requirement algebra: a node
 * either carries a label value or it does not).
 */
import type { LabelSelector, Node, NodeSelectorRequirement, NodeSelectorTerm, Pod } from '../../apis/core-v1.js';

type Labels = Readonly<Record<string, string>>;

/** Does a label selector match these labels? `undefined` matches nothing, `{}` matches everything. */
export function matchesLabelSelector(selector: LabelSelector | undefined, labels: Labels | undefined): boolean {
  if (selector === undefined) return false;
  const l = labels ?? {};
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) if (l[key] !== value) return false;
  for (const expr of selector.matchExpressions ?? []) {
    const has = Object.hasOwn(l, expr.key);
    const values = expr.values ?? [];
    if (expr.operator === 'In' && !(has && values.includes(l[expr.key]))) return false;
    if (expr.operator === 'NotIn' && has && values.includes(l[expr.key])) return false;
    if (expr.operator === 'Exists' && !has) return false;
    if (expr.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}

function compareInteger(value: string | undefined, bound: string | undefined, test: (a: number, b: number) => boolean): boolean {
  if (value === undefined || bound === undefined || !/^-?\d+$/.test(value) || !/^-?\d+$/.test(bound)) return false;
  return test(Number(value), Number(bound));
}

/** Does one node selector requirement hold for a value (`undefined` when the label is absent)? */
export function matchesRequirement(requirement: NodeSelectorRequirement, value: string | undefined): boolean {
  const values = requirement.values ?? [];
  switch (requirement.operator) {
    case 'In':
      return value !== undefined && values.includes(value);
    case 'NotIn':
      return value === undefined || !values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
      return compareInteger(value, values[0], (a, b) => a > b);
    case 'Lt':
      return compareInteger(value, values[0], (a, b) => a < b);
    case 'Gte':
      return compareInteger(value, values[0], (a, b) => a >= b);
    case 'Lte':
      return compareInteger(value, values[0], (a, b) => a <= b);
  }
}

function matchesTerm(term: NodeSelectorTerm, node: Node): boolean {
  const expressions = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (expressions.length === 0 && fields.length === 0) return false;
  const labels = node.metadata.labels ?? {};
  if (!expressions.every((req) => matchesRequirement(req, labels[req.key]))) return false;
  return fields.every((req) => req.key === 'metadata.name' && matchesRequirement(req, node.metadata.name));
}

/** Does the node satisfy the pod's `nodeSelector` and required node affinity (terms ORed, expressions ANDed)? */
export function matchesNodeAffinity(pod: Pod, node: Node): boolean {
  const labels = node.metadata.labels ?? {};
  for (const [key, value] of Object.entries(pod.spec.nodeSelector ?? {})) if (labels[key] !== value) return false;
  const terms = pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (terms === undefined) return true;
  return terms.some((term) => matchesTerm(term, node));
}
