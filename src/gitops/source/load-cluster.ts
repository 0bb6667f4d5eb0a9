/**
 * Loads one cluster's desired state from a GitOps repository folder: its
 * `cluster.yaml` and the NodePools / EC2NodeClasses under it, rendered and
 * validated. Objects with errors are never returned, so a broken commit
 * can only ever leave what is running as it is.
 */
import { join } from 'node:path';
import type { Cluster } from '../../apis/cluster.js';
import type { KubeObject } from '../../apis/object-meta.js';
import type { Problem } from '../../apis/problem.js';
import { parseManifests } from '../../apis/manifest.js';
import { validateObject } from '../../apis/validate-object.js';
import { validateManifestSet } from '../render/validate-manifest-set.js';
import { isSourceReadError, readManifestSet } from './local-repository.js';
import { AutoscalerError } from '../../apis/errors.js';

/** One cluster's desired state. */
export interface ClusterManifests {
  readonly cluster: Cluster;
  /** NodePools and EC2NodeClasses that validated without errors (v1, defaults not applied). */
  readonly objects: ReadonlyArray<KubeObject & { spec?: unknown }>;
  /** Every problem found in the cluster's files (errors and warnings). */
  readonly problems: readonly Problem[];
}

/** Thrown when the cluster folder is missing or its cluster.yaml is unusable. */
export class ClusterNotFoundError extends AutoscalerError {
  constructor(
    readonly cluster: string,
    message: string,
  ) {
    super(message);
    this.name = 'ClusterNotFoundError';
  }
}

/** Reads and validates `clusters/<name>/` of the repository at `repoDir`. */
export async function loadClusterManifests(repoDir: string, name: string): Promise<ClusterManifests> {
  const expected = join('clusters', name, 'cluster.yaml');
  const set = await readManifestSet([join(repoDir, 'clusters', name)], repoDir).catch((error: unknown) => {
    if (isSourceReadError(error)) throw new ClusterNotFoundError(name, `cluster "${name}" not found: expected ${expected} in ${repoDir}`);
    throw error;
  });
  const sources = set.clusters.find((cluster) => cluster.name === name);
  if (sources === undefined) throw new ClusterNotFoundError(name, `cluster "${name}" not found: expected ${expected} in ${repoDir}`);
  const report = validateManifestSet({ clusters: [sources], loose: [] });
  const clusterErrors = report.problems.filter((p) => p.severity === 'error' && p.file === sources.clusterFile.path);
  const document = parseManifests(sources.clusterFile.text, sources.clusterFile.path).documents[0];
  const clusterObject = document === undefined ? undefined : validateObject(document.value);
  if (clusterObject?.kind !== 'Cluster' || clusterErrors.length > 0) {
    const reasons = clusterErrors.map((p) => `${p.path}: ${p.message}`);
    throw new ClusterNotFoundError(
      name,
      `cluster "${name}": ${sources.clusterFile.path} is not valid (${reasons.join('; ') || 'no Cluster object'})`,
    );
  }
  return {
    cluster: clusterObject.object as unknown as Cluster,
    objects: report.objects
      .filter((object) => object.kind !== 'Cluster')
      .map((object) => object.object as unknown as KubeObject & { spec?: unknown }),
    problems: report.problems,
  };
}
