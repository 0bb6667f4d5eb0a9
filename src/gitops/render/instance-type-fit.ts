/**
 * The "matches no instance type" check: a NodePool whose requirements (and
 * template labels) no instance type of the catalog satisfies can never launch
 * a node. The warning names the conflicting requirements — a single one that
 * matches nothing, or the first pair that matches nothing together (for
 * example `instance-type In [m5.large]` with `kubernetes.io/arch In [arm64]`)
 * — and what the types matching the first one offer instead.
 */
import type { NodeSelectorRequirement } from '../../apis/core-v1.js';
import type { NodePool } from '../../apis/nodepool.js';
import type { PathSegment, RawProblem } from '../../apis/problem.js';
import { didYouMean } from '../../apis/suggest.js';
import { Labels } from '../../apis/well-known-labels.js';
import type { InstanceType } from '../../scheduling/instance-type.js';
import { Requirements } from '../../scheduling/requirements.js';
import type { NodePoolCheck } from './validate-manifest-set.js';

/** Keys that depend on where the cluster runs rather than on the instance type: not checked here. */
const PLACEMENT_KEYS = new Set<string>([
  Labels.zone,
  Labels.region,
  Labels.zoneID,
  'failure-domain.beta.kubernetes.io/zone',
  'failure-domain.beta.kubernetes.io/region',
  'topology.ebs.csi.aws.com/zone',
]);

interface Constraint {
  readonly at: PathSegment[];
  readonly text: string;
  readonly key: string;
  /** The first listed value, for "did you mean" hints. */
  readonly value?: string;
  /** True for Gt/Lt/Gte/Lte: the hint gives the catalog's range instead. */
  readonly bound?: boolean;
  readonly requirements: Requirements;
}

interface CatalogType {
  readonly name: string;
  readonly requirements: Requirements;
  readonly values: ReadonlyMap<string, readonly string[]>;
}

const BOUNDS = new Set(['Gt', 'Lt', 'Gte', 'Lte']);

function describeRequirement(requirement: NodeSelectorRequirement): string {
  if (requirement.values === undefined || requirement.values.length === 0) return `${requirement.key} ${requirement.operator}`;
  if (BOUNDS.has(requirement.operator)) return `${requirement.key} ${requirement.operator} ${requirement.values[0]}`;
  return `${requirement.key} ${requirement.operator} [${requirement.values.join(', ')}]`;
}

function constraintsOf(pool: NodePool): Constraint[] {
  const constraints: Constraint[] = [];
  (pool.spec.template.spec.requirements ?? []).forEach((requirement, index) => {
    if (PLACEMENT_KEYS.has(requirement.key)) return;
    const at = ['spec', 'template', 'spec', 'requirements', index];
    const value = requirement.values?.[0];
    const text = `requirements[${index}] (${describeRequirement(requirement)})`;
    const bound = BOUNDS.has(requirement.operator);
    constraints.push({
      at,
      text,
      key: requirement.key,
      bound,
      ...(value === undefined ? {} : { value }),
      requirements: Requirements.from([requirement]),
    });
  });
  for (const [key, value] of Object.entries(pool.spec.template.metadata?.labels ?? {})) {
    constraints.push({
      at: ['spec', 'template', 'metadata', 'labels', key],
      text: `label ${key}=${value}`,
      key,
      value,
      requirements: Requirements.fromLabels({ [key]: value }),
    });
  }
  return constraints;
}

function toCatalogType(instanceType: InstanceType): CatalogType {
  const values = new Map<string, string[]>();
  for (const requirement of instanceType.requirements) {
    if (requirement.operator === 'In' && requirement.values !== undefined) values.set(requirement.key, requirement.values);
  }
  return { name: instanceType.name, requirements: Requirements.from(instanceType.requirements), values };
}

function matching(types: readonly CatalogType[], requirements: Requirements): CatalogType[] {
  return types.filter((type) => type.requirements.intersects(requirements));
}

function offeredValues(types: readonly CatalogType[], key: string): string[] {
  return [...new Set(types.flatMap((type) => type.values.get(key) ?? []))].sort();
}

function listed(values: readonly string[]): string {
  return values.length > 8 ? `${values.slice(0, 8).join(', ')} …` : values.join(', ');
}

function singleProblem(constraint: Constraint, types: readonly CatalogType[]): RawProblem {
  const known = offeredValues(types, constraint.key);
  const numbers = known.map(Number).filter(Number.isFinite);
  const range =
    numbers.length === 0
      ? undefined
      : `the catalog's values of ${constraint.key} range from ${Math.min(...numbers)} to ${Math.max(...numbers)}`;
  const hint = constraint.bound === true ? range : constraint.value === undefined ? undefined : didYouMean(constraint.value, known);
  return {
    severity: 'warning',
    code: 'no-instance-type',
    at: constraint.at,
    message: `${constraint.text} matches no instance type in the catalog`,
    ...(hint === undefined ? {} : { hint }),
  };
}

function pairProblem(first: Constraint, second: Constraint, types: readonly CatalogType[]): RawProblem {
  const offered = offeredValues(matching(types, first.requirements), second.key);
  const hint =
    offered.length > 0 ? `the instance types matching ${first.text.split(' (')[0]} have ${second.key}: ${listed(offered)}` : undefined;
  return {
    severity: 'warning',
    code: 'no-instance-type',
    at: second.at,
    message: `${first.text} and ${second.text} together match no instance type in the catalog`,
    ...(hint === undefined ? {} : { hint }),
  };
}

function explain(constraints: readonly Constraint[], types: readonly CatalogType[]): RawProblem {
  for (const constraint of constraints) {
    if (matching(types, constraint.requirements).length === 0) return singleProblem(constraint, types);
  }
  for (let i = 0; i < constraints.length; i++) {
    const firstMatches = matching(types, constraints[i].requirements);
    for (let j = i + 1; j < constraints.length; j++) {
      if (matching(firstMatches, constraints[j].requirements).length === 0) return pairProblem(constraints[i], constraints[j], types);
    }
  }
  const all = constraints.map((constraint) => constraint.text).join(', ');
  return {
    severity: 'warning',
    code: 'no-instance-type',
    at: ['spec', 'template', 'spec', 'requirements'],
    message: `the requirements match no instance type in the catalog: ${all}`,
  };
}

/** A NodePool check that warns when no instance type of `instanceTypes` satisfies the pool's requirements. */
export function instanceTypeFitCheck(instanceTypes: readonly InstanceType[]): NodePoolCheck {
  const types = instanceTypes.map(toCatalogType);
  return (pool) => {
    let constraints: Constraint[];
    try {
      constraints = constraintsOf(pool);
    } catch {
      return [];
    }
    const combined = constraints.reduce((sum, constraint) => sum.intersect(constraint.requirements), new Requirements());
    if (types.some((type) => type.requirements.intersects(combined))) return [];
    return [explain(constraints, types)];
  };
}
