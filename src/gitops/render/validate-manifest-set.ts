/**
 * The render → parse → validate → cross-check pipeline over a manifest set,
 * pure: the shared core of `karpd validate` and of the GitOps sync. Each
 * problem carries its file, line, object and field.
 */
import type { Cluster } from '../../apis/cluster.js';
import type { CrossValidationOptions, LocatedObject } from '../../apis/cross-validation.js';
import { crossValidate } from '../../apis/cross-validation.js';
import type { ManifestDocument } from '../../apis/manifest.js';
import { locateProblems, parseManifests } from '../../apis/manifest.js';
import type { NodePool } from '../../apis/nodepool.js';
import type { Problem, RawProblem } from '../../apis/problem.js';
import { compareProblems } from '../../apis/problem.js';
import { validateObject } from '../../apis/validate-object.js';
import { isRecord } from '../../apis/validation/schema.js';
import type { ClusterSources, ManifestSet, SourceFile, UnreadableSource } from './manifest-set.js';
import { renderTemplate } from './render-template.js';

/** Extra checks of a valid NodePool, e.g. against the instance-type catalog. */
export type NodePoolCheck = (pool: NodePool) => RawProblem[];

/** Options of {@link validateManifestSet}. */
export interface ValidateOptions {
  /** Runs on every NodePool without errors (the "matches no instance type" warning). */
  readonly checkNodePool?: NodePoolCheck;
}

/** An object that validated without errors. */
export interface ValidObject extends LocatedObject {
  /** The cluster folder it belongs to; undefined for loose files. */
  readonly cluster?: string;
}

/** The outcome of validating a manifest set. */
export interface ValidationReport {
  /** Every problem, ordered by file and line. */
  readonly problems: Problem[];
  /** The objects that validated without errors. */
  readonly objects: ValidObject[];
  readonly files: number;
  readonly clusters: number;
}

interface Collected {
  readonly problems: Problem[];
  /** Every recognised object with a name (for cross-object checks). */
  readonly all: LocatedObject[];
  /** The objects without errors. */
  readonly objects: LocatedObject[];
}

function clusterVars(cluster: ClusterSources, object: Record<string, unknown> | undefined): Record<string, string> {
  const spec = (object as Cluster | undefined)?.spec;
  const vars: Record<string, string> = { cluster_name: cluster.name };
  if (typeof spec?.region === 'string') vars.region = spec.region;
  const name = (object as Cluster | undefined)?.metadata?.name;
  if (typeof name === 'string') vars.cluster_name = name;
  for (const [key, value] of Object.entries(isRecord(spec?.vars) ? spec.vars : {})) {
    if (typeof value === 'string') vars[key] = value;
  }
  return vars;
}

function validateDocument(document: ManifestDocument, into: Collected, allowCluster: boolean): void {
  const result = validateObject(document.value);
  const problems = locateProblems(result.problems, document, result);
  if (result.kind === 'Cluster' && !allowCluster) {
    problems.push(
      ...locateProblems(
        [
          {
            severity: 'error',
            code: 'misplaced-cluster',
            at: ['kind'],
            message: 'a Cluster belongs in the cluster.yaml at the root of a cluster folder',
          },
        ],
        document,
        result,
      ),
    );
  }
  into.problems.push(...problems);
  if (result.kind === undefined || result.name === undefined) return;
  const located = { kind: result.kind, name: result.name, object: result.object, document };
  into.all.push(located);
  if (!problems.some((problem) => problem.severity === 'error')) into.objects.push(located);
}

function validateFile(file: SourceFile, vars: Record<string, string> | undefined, cluster: string | undefined, into: Collected): void {
  const rendered = renderTemplate(file.text, vars ?? {}, { file: file.path, ...(cluster === undefined ? {} : { cluster }) });
  into.problems.push(...rendered.problems);
  const parsed = parseManifests(rendered.text, file.path);
  into.problems.push(...parsed.problems);
  for (const document of parsed.documents) validateDocument(document, into, false);
}

function validateClusterFile(cluster: ClusterSources, into: Collected): Record<string, unknown> | undefined {
  const parsed = parseManifests(cluster.clusterFile.text, cluster.clusterFile.path);
  into.problems.push(...parsed.problems);
  let clusterObject: Record<string, unknown> | undefined;
  for (const document of parsed.documents) {
    const result = validateObject(document.value);
    into.problems.push(...locateProblems(result.problems, document, result));
    if (result.kind === 'Cluster' && clusterObject === undefined) {
      clusterObject = result.object;
      if (result.name !== undefined && result.name !== cluster.name) {
        const raw: RawProblem = {
          severity: 'warning',
          code: 'cluster-name-mismatch',
          at: ['metadata', 'name'],
          message: `cluster "${result.name}" lives in folder "${cluster.name}"`,
          hint: `rename the folder or set metadata.name: ${cluster.name}`,
        };
        into.problems.push(...locateProblems([raw], document, result));
      }
    } else {
      const raw: RawProblem = {
        severity: 'error',
        code: 'not-a-cluster',
        at: ['kind'],
        message: 'cluster.yaml must hold exactly one karpd.dev/v1alpha1 Cluster',
      };
      into.problems.push(...locateProblems([raw], document, result));
    }
  }
  return clusterObject;
}

function checkPools(objects: readonly LocatedObject[], check: NodePoolCheck | undefined): Problem[] {
  if (check === undefined) return [];
  return objects
    .filter((object) => object.kind === 'NodePool')
    .flatMap((pool) => locateProblems(check(pool.object as unknown as NodePool), pool.document, pool));
}

function finishGroup(collected: Collected, options: ValidateOptions, cross: CrossValidationOptions): Problem[] {
  const crossProblems = crossValidate(collected.all, cross);
  return [...collected.problems, ...crossProblems, ...checkPools(collected.objects, options.checkNodePool)];
}

function unreadableProblems(files: readonly UnreadableSource[] | undefined): Problem[] {
  return (files ?? []).map((file) => ({ severity: 'error', code: file.code, path: '', message: file.message, file: file.path }));
}

/** Renders, parses and validates every file of `set`, then checks across the objects of each cluster. */
export function validateManifestSet(set: ManifestSet, options: ValidateOptions = {}): ValidationReport {
  const problems: Problem[] = [];
  const objects: ValidObject[] = [];
  for (const cluster of set.clusters) {
    const collected: Collected = { problems: [], all: [], objects: [] };
    const clusterObject = validateClusterFile(cluster, collected);
    const vars = clusterVars(cluster, clusterObject);
    for (const file of cluster.manifests) validateFile(file, vars, cluster.name, collected);
    problems.push(...finishGroup(collected, options, { unresolvedSeverity: 'error' }), ...unreadableProblems(cluster.unreadable));
    objects.push(...collected.objects.map((object) => ({ ...object, cluster: cluster.name })));
  }
  const loose: Collected = { problems: [], all: [], objects: [] };
  for (const file of set.loose) validateFile(file, undefined, undefined, loose);
  problems.push(...finishGroup(loose, options, { unresolvedSeverity: 'warning' }), ...unreadableProblems(set.unreadable));
  objects.push(...loose.objects);
  const unreadable = (set.unreadable?.length ?? 0) + set.clusters.reduce((sum, cluster) => sum + (cluster.unreadable?.length ?? 0), 0);
  const files = unreadable + set.loose.length + set.clusters.reduce((sum, cluster) => sum + 1 + cluster.manifests.length, 0);
  return { problems: problems.sort(compareProblems), objects, files, clusters: set.clusters.length };
}
