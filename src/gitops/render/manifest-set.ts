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

/**
 * A file that was found and not read, with why: a symlink that leads out of
 * its cluster folder, a broken symlink, a file that cannot be read. Validation
 * turns each into an error problem for that file, so one bad file never hides
 * the others.
 */
export interface UnreadableSource {
  /** The file (or symlink) as shown to the user. */
  readonly path: string;
  /** `symlink-outside-folder`, `broken-symlink` or `unreadable-file`. */
  readonly code: string;
  readonly message: string;
}

/** A cluster folder of a GitOps repository: `clusters/<name>/cluster.yaml` and its manifests. */
export interface ClusterSources {
  /** The folder name (`sandbox`). */
  readonly name: string;
  readonly clusterFile: SourceFile;
  /** The manifests under the folder, sorted by path. */
  readonly manifests: readonly SourceFile[];
  /** Files under the folder that were not read (an error each). */
  readonly unreadable?: readonly UnreadableSource[];
}

/** Everything `karpd validate` (or a sync) reads. */
export interface ManifestSet {
  readonly clusters: readonly ClusterSources[];
  /** Manifests outside any cluster folder (they have no variables). */
  readonly loose: readonly SourceFile[];
  /** Files outside any cluster folder that were not read (an error each). */
  readonly unreadable?: readonly UnreadableSource[];
}
