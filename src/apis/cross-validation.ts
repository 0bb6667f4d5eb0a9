/**
 * Checks across the objects of one cluster: no two objects of a kind share a
 * name, and every NodePool's `nodeClassRef` resolves to an EC2NodeClass of the
 * same cluster.
 */
import type { ManifestDocument } from './manifest.js';
import { locateProblems } from './manifest.js';
import type { NodePool } from './nodepool.js';
import type { Problem, RawProblem, Severity } from './problem.js';
import { didYouMean } from './suggest.js';
import type { ManagedKind } from './validate-object.js';

/** A validated object with the document it came from. */
export interface LocatedObject {
  readonly kind: ManagedKind;
  readonly name: string;
  /** The object as v1. */
  readonly object: Record<string, unknown>;
  readonly document: ManifestDocument;
}

/** How strict the reference check is: errors inside a cluster, warnings for loose files (the class may be elsewhere). */
export interface CrossValidationOptions {
  readonly unresolvedSeverity: Severity;
}

function where(object: LocatedObject): string {
  return `${object.document.file}:${object.document.locate([]).line}`;
}

function duplicates(objects: readonly LocatedObject[]): Problem[] {
  const seen = new Map<string, LocatedObject>();
  const problems: Problem[] = [];
  for (const object of objects) {
    const id = `${object.kind}/${object.name}`;
    const first = seen.get(id);
    if (first === undefined) {
      seen.set(id, object);
      continue;
    }
    const raw: RawProblem = {
      severity: 'error',
      code: 'duplicate-name',
      at: ['metadata', 'name'],
      message: `duplicate ${object.kind} "${object.name}" (first defined at ${where(first)})`,
    };
    problems.push(...locateProblems([raw], object.document, object));
  }
  return problems;
}

function referenceProblem(pool: LocatedObject, classNames: readonly string[], options: CrossValidationOptions): RawProblem | undefined {
  const ref = (pool.object as unknown as NodePool).spec?.template?.spec?.nodeClassRef;
  if (ref === undefined || typeof ref.name !== 'string' || typeof ref.group !== 'string' || typeof ref.kind !== 'string') return undefined;
  const at = ['spec', 'template', 'spec', 'nodeClassRef'];
  if (ref.group !== 'karpenter.k8s.aws' || ref.kind !== 'EC2NodeClass') {
    return {
      severity: 'error',
      code: 'unsupported-node-class',
      at,
      message: `nodeClassRef ${ref.group}/${ref.kind} is not supported (karpd builds nodes from karpenter.k8s.aws EC2NodeClass)`,
      hint: 'use group: karpenter.k8s.aws and kind: EC2NodeClass',
    };
  }
  if (classNames.includes(ref.name)) return undefined;
  const known = classNames.length === 0 ? 'none is defined' : `defined: ${classNames.join(', ')}`;
  const scope = options.unresolvedSeverity === 'error' ? 'in this cluster' : 'among the files given';
  return {
    severity: options.unresolvedSeverity,
    code: 'unresolved-node-class',
    at: [...at, 'name'],
    message: `EC2NodeClass "${ref.name}" not found ${scope} (${known})`,
    hint: didYouMean(ref.name, classNames) ?? 'add an EC2NodeClass with this name under nodeclasses/',
  };
}

/** Every cross-object problem of one cluster's (or one set of loose files') objects. */
export function crossValidate(objects: readonly LocatedObject[], options: CrossValidationOptions): Problem[] {
  const classNames = objects.filter((object) => object.kind === 'EC2NodeClass').map((object) => object.name);
  const problems = duplicates(objects);
  for (const pool of objects.filter((object) => object.kind === 'NodePool')) {
    const problem = referenceProblem(pool, classNames, options);
    if (problem !== undefined) problems.push(...locateProblems([problem], pool.document, pool));
  }
  return problems;
}
