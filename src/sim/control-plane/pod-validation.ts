/**
 * The checks kube-apiserver makes of a pod spec that kubectl users rely on
 * (k8s.io/kubernetes/pkg/apis/core/validation ValidatePodSpec, in part):
 * containers required, a list, names DNS-1123 labels and unique, image
 * required, resource quantities that parse, requests within limits. Used for
 * Pods (`spec`) and workload pod templates (`spec.template.spec`).
 */
import type { Quantity } from '../../apis/quantity.js';
import { dnsLabelProblems, quantityMapProblems, shown, typeProblem, type FieldProblem } from './field-checks.js';
import { isDict } from './object.js';

function resourceProblems(field: string, resources: unknown): FieldProblem[] {
  if (resources === undefined || resources === null) return [];
  if (!isDict(resources)) return [typeProblem(field, resources, 'an object')];
  const limits = new Map<string, Quantity>();
  const requests = new Map<string, Quantity>();
  const problems = [
    ...quantityMapProblems(`${field}.limits`, resources.limits, limits),
    ...quantityMapProblems(`${field}.requests`, resources.requests, requests),
  ];
  for (const [name, request] of requests) {
    const limit = limits.get(name);
    if (limit !== undefined && request.nanos > limit.nanos) {
      problems.push({
        field: `${field}.requests[${name}]`,
        message: `Invalid value: ${shown(String(resources.requests[name]))}: must be less than or equal to ${name} limit of ${String(resources.limits[name])}`,
      });
    }
  }
  return problems;
}

function containerProblems(field: string, container: unknown, seen: Set<string>): FieldProblem[] {
  if (!isDict(container)) return [typeProblem(field, container, 'an object')];
  const problems = dnsLabelProblems(`${field}.name`, container.name);
  if (typeof container.name === 'string' && container.name !== '') {
    if (seen.has(container.name)) problems.push({ field: `${field}.name`, message: `Duplicate value: ${shown(container.name)}` });
    seen.add(container.name);
  }
  if (container.image === undefined || container.image === '') problems.push({ field: `${field}.image`, message: 'Required value' });
  else if (typeof container.image !== 'string') problems.push(typeProblem(`${field}.image`, container.image, 'a string'));
  return [...problems, ...resourceProblems(`${field}.resources`, container.resources)];
}

function containerListProblems(field: string, list: unknown, required: boolean, seen: Set<string>): FieldProblem[] {
  if (list === undefined || list === null) return required ? [{ field, message: 'Required value' }] : [];
  if (!Array.isArray(list)) return [typeProblem(field, list, 'a list of containers')];
  if (list.length === 0 && required) return [{ field, message: 'Required value' }];
  return list.flatMap((container, index) => containerProblems(`${field}[${index}]`, container, seen));
}

/** Problems of a pod spec at `field` (`spec` or `spec.template.spec`). */
export function podSpecProblems(field: string, spec: unknown): FieldProblem[] {
  if (spec === undefined || spec === null) return [{ field: `${field}.containers`, message: 'Required value' }];
  if (!isDict(spec)) return [typeProblem(field, spec, 'an object')];
  const seen = new Set<string>();
  return [
    ...containerListProblems(`${field}.containers`, spec.containers, true, seen),
    ...containerListProblems(`${field}.initContainers`, spec.initContainers, false, seen),
    ...(spec.nodeSelector !== undefined && spec.nodeSelector !== null && !isDict(spec.nodeSelector)
      ? [typeProblem(`${field}.nodeSelector`, spec.nodeSelector, 'an object')]
      : []),
    ...(spec.tolerations !== undefined && spec.tolerations !== null && !Array.isArray(spec.tolerations)
      ? [typeProblem(`${field}.tolerations`, spec.tolerations, 'a list')]
      : []),
  ];
}
