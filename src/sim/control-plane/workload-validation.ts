/**
 * Built-in kinds beyond the object metadata, as kube-apiserver validates
 * them (k8s.io/kubernetes/pkg/apis/{core,apps,policy}/validation, in part):
 * Pods; Deployments, ReplicaSets and DaemonSets (replicas ≥ 0, a selector
 * that matches the template's labels, the template's pod spec); Nodes
 * (capacity/allocatable quantities); PodDisruptionBudgets (int-or-percent).
 */
import { invalidError } from './api-error.js';
import {
  intOrPercentProblems,
  nonNegativeIntProblems,
  quantityMapProblems,
  shown,
  typeProblem,
  type FieldProblem,
} from './field-checks.js';
import { fromLabelSelectorObject, matchesLabels } from './label-selector.js';
import { isDict, type Dict, type KubeObj } from './object.js';
import { podSpecProblems } from './pod-validation.js';
import type { ResourceType } from './resource-type.js';
import { labelProblems } from './validation.js';

function selectorProblems(spec: Dict): FieldProblem[] {
  const selector = spec.selector;
  if (selector === undefined || selector === null) return [{ field: 'spec.selector', message: 'Required value' }];
  if (!isDict(selector)) return [typeProblem('spec.selector', selector, 'an object')];
  const problems: FieldProblem[] = [];
  if (selector.matchLabels !== undefined && !isDict(selector.matchLabels))
    problems.push(typeProblem('spec.selector.matchLabels', selector.matchLabels, 'an object'));
  if (selector.matchExpressions !== undefined && !Array.isArray(selector.matchExpressions)) {
    problems.push(typeProblem('spec.selector.matchExpressions', selector.matchExpressions, 'a list'));
  }
  if (problems.length > 0) return problems;
  const parsed = fromLabelSelectorObject(selector);
  if (parsed === undefined) return [{ field: 'spec.selector', message: 'Invalid value: "{}": empty selector is invalid for deployment' }];
  const template: Dict = isDict(spec.template) ? spec.template : {};
  const labels = isDict(template.metadata) && isDict(template.metadata.labels) ? (template.metadata.labels as Record<string, string>) : {};
  if (!matchesLabels(parsed, labels)) {
    return [
      {
        field: 'spec.template.metadata.labels',
        message: `Invalid value: ${shown(labels)}: \`selector\` does not match template \`labels\``,
      },
    ];
  }
  return [];
}

function templateProblems(spec: Dict): FieldProblem[] {
  const template = spec.template;
  if (template === undefined || template === null) return [{ field: 'spec.template', message: 'Required value' }];
  if (!isDict(template)) return [typeProblem('spec.template', template, 'an object')];
  const labels = isDict(template.metadata) ? template.metadata.labels : undefined;
  return [...labelProblems(labels, 'spec.template.metadata.labels'), ...podSpecProblems('spec.template.spec', template.spec)];
}

function workloadProblems(obj: KubeObj, replicated: boolean): FieldProblem[] {
  if (!isDict(obj.spec)) return [{ field: 'spec', message: 'Required value' }];
  const spec = obj.spec;
  const problems = [
    ...selectorProblems(spec),
    ...templateProblems(spec),
    ...nonNegativeIntProblems('spec.minReadySeconds', spec.minReadySeconds),
  ];
  if (replicated) problems.push(...nonNegativeIntProblems('spec.replicas', spec.replicas));
  const rolling = isDict(spec.strategy) && isDict(spec.strategy.rollingUpdate) ? spec.strategy.rollingUpdate : undefined;
  if (rolling !== undefined) {
    problems.push(...intOrPercentProblems('spec.strategy.rollingUpdate.maxUnavailable', rolling.maxUnavailable));
    problems.push(...intOrPercentProblems('spec.strategy.rollingUpdate.maxSurge', rolling.maxSurge));
  }
  return problems;
}

function pdbProblems(obj: KubeObj): FieldProblem[] {
  if (!isDict(obj.spec)) return [];
  const { minAvailable, maxUnavailable } = obj.spec;
  const problems = [
    ...intOrPercentProblems('spec.minAvailable', minAvailable),
    ...intOrPercentProblems('spec.maxUnavailable', maxUnavailable),
  ];
  if (minAvailable !== undefined && minAvailable !== null && maxUnavailable !== undefined && maxUnavailable !== null) {
    problems.push({ field: 'spec', message: `Invalid value: ${shown(obj.spec)}: minAvailable and maxUnavailable cannot be both set` });
  }
  return problems;
}

function nodeProblems(obj: KubeObj): FieldProblem[] {
  const status: Dict = isDict(obj.status) ? obj.status : {};
  return [...quantityMapProblems('status.capacity', status.capacity), ...quantityMapProblems('status.allocatable', status.allocatable)];
}

/** The kind-specific problems of a built-in object (none for other kinds). */
export function builtinProblems(type: ResourceType, obj: KubeObj): FieldProblem[] {
  if (type.custom) return [];
  const key = `${type.group}/${type.resource}`;
  switch (key) {
    case '/pods':
      return podSpecProblems('spec', obj.spec);
    case 'apps/deployments':
    case 'apps/replicasets':
      return workloadProblems(obj, true);
    case 'apps/daemonsets':
      return workloadProblems(obj, false);
    case 'policy/poddisruptionbudgets':
      return pdbProblems(obj);
    case '/nodes':
      return nodeProblems(obj);
    default:
      return [];
  }
}

/** Throws 422 Invalid, every problem a cause, when a built-in object breaks its kind's rules. */
export function validateBuiltin(type: ResourceType, obj: KubeObj): void {
  const problems = builtinProblems(type, obj);
  if (problems.length > 0) throw invalidError(type.kind, String(obj.metadata.name ?? ''), problems, type);
}
