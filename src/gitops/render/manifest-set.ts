/**
 * The manifests to validate or sync, as data: cluster folders (a
 * `cluster.yaml` plus the manifests under it) and loose files outside any
 * cluster folder. `src/gitops/source` reads them from disk; everything after
 * that is pure.
 */

/** One file's path (as shown to the user) and text. */
export interface SourceFile {
  readonly path: string;
  readonly text: string;
}

/** A cluster folder of a GitOps repository: `clusters/<name>/cluster.yaml` and its manifests. */
export interface ClusterSources {
  /** The folder name (`sandbox`). */
  readonly name: string;
  readonly clusterFile: SourceFile;
  /** The manifests under the folder, sorted by path. */
  readonly manifests: readonly SourceFile[];
}

/** Everything `karpd validate` (or a sync) reads. */
export interface ManifestSet {
  readonly clusters: readonly ClusterSources[];
  /** Manifests outside any cluster folder (they have no variables). */
  readonly loose: readonly SourceFile[];
}
