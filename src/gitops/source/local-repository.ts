/**
 * Reads manifests from disk: single files, folders, or a whole GitOps
 * repository (`clusters/<name>/cluster.yaml` plus the manifests under that
 * folder). A manifest belongs to the nearest folder above it that holds a
 * `cluster.yaml`; manifests with none are "loose" and have no variables.
 * Paths never leave the folder being read: a symlink (to a file or a folder)
 * whose target resolves outside the cluster's folder (or, for loose files,
 * outside the path passed in) is not followed but reported as unreadable,
 * as are broken links and files that cannot be read, so one bad file never
 * hides the others. Symlinks that stay inside are followed.
 * This is the I/O edge; everything after it is pure.
 */
import { readdir, readFile, readlink, stat } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import type { ClusterSources, ManifestSet, SourceFile, UnreadableSource } from '../render/manifest-set.js';
import { AutoscalerError, hasError } from '../../apis/errors.js';
import { escapingLink, isInsideFolder, realPathOf } from './symlink-boundary.js';

/** The file name that marks a cluster folder. */
export const CLUSTER_FILE = 'cluster.yaml';

const MANIFEST_EXTENSION = /\.ya?ml$/;
const SKIPPED_FOLDERS = new Set(['node_modules', '.git']);

/** Thrown when a path cannot be read (missing, unreadable, not a file or folder). */
export class SourceReadError extends AutoscalerError {
  constructor(
    readonly path: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SourceReadError';
  }
}

/** Is `error` a {@link SourceReadError}? */
export function isSourceReadError(error: unknown): boolean {
  return hasError(error, SourceReadError);
}

async function statOrThrow(path: string, shown: string) {
  try {
    return await stat(path);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file or folder' : `cannot read it (${code ?? String(cause)})`;
    throw new SourceReadError(shown, `${shown}: ${reason}`, { cause });
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** The nearest folder at or above `folder` that holds a cluster.yaml (stops at a Git repository's root). */
async function clusterFolderOf(folder: string, cache: Map<string, string | undefined>): Promise<string | undefined> {
  if (cache.has(folder)) return cache.get(folder);
  let found: string | undefined;
  if (await exists(join(folder, CLUSTER_FILE))) found = folder;
  else if (dirname(folder) !== folder && !(await stat(join(folder, '.git')).catch(() => undefined)))
    found = await clusterFolderOf(dirname(folder), cache);
  cache.set(folder, found);
  return found;
}

/** `path` relative to `cwd` when it is inside it, else absolute. */
export function displayPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel === '' || rel.startsWith('..') || rel.startsWith(sep) ? path : rel.split(sep).join('/');
}

/** A manifest found on disk, before it is read. */
interface Listed {
  /** Absolute, as reached (through symlinked folders, if any). */
  readonly path: string;
  /** The folder it was found under: the boundary of a file in no cluster folder. */
  readonly root: string;
  /** The target of a broken symlink. */
  readonly broken?: string;
}

/** One folder argument being searched. */
interface Scan {
  readonly root: string;
  readonly realRoot: string;
  /** Real paths of the folders searched already (a symlink loop ends here). */
  readonly visited: Set<string>;
}

const isSearched = (name: string) => !SKIPPED_FOLDERS.has(name) && !name.startsWith('.');

async function listLink(path: string, name: string, scan: Scan): Promise<Listed[]> {
  const info = await stat(path).catch(() => undefined);
  if (info === undefined) return MANIFEST_EXTENSION.test(name) ? [{ path, root: scan.root, broken: await readlink(path) }] : [];
  if (info.isDirectory()) {
    if (!isSearched(name)) return [];
    const target = await realPathOf(path);
    // A folder link out of the root is reported (when grouped), never searched.
    if (target === undefined || !isInsideFolder(target, scan.realRoot)) return [{ path, root: scan.root }];
    return listManifests(path, scan);
  }
  return info.isFile() && MANIFEST_EXTENSION.test(name) ? [{ path, root: scan.root }] : [];
}

async function listManifests(folder: string, scan: Scan): Promise<Listed[]> {
  const real = await realPathOf(folder);
  if (real === undefined || scan.visited.has(real)) return [];
  scan.visited.add(real);
  const found: Listed[] = [];
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isSymbolicLink()) found.push(...(await listLink(path, entry.name, scan)));
    else if (entry.isDirectory() && isSearched(entry.name)) found.push(...(await listManifests(path, scan)));
    else if (entry.isFile() && MANIFEST_EXTENSION.test(entry.name)) found.push({ path, root: scan.root });
  }
  return found;
}

/** Every manifest named by `paths` (files as given, folders searched for *.yaml / *.yml), sorted by path. */
async function expandPaths(paths: readonly string[], cwd: string): Promise<Listed[]> {
  const files = new Map<string, Listed>();
  for (const path of paths) {
    const absolute = resolve(cwd, path);
    const info = await statOrThrow(absolute, path);
    if (info.isDirectory()) {
      const scan = { root: absolute, realRoot: (await realPathOf(absolute)) ?? absolute, visited: new Set<string>() };
      for (const file of await listManifests(absolute, scan)) if (!files.has(file.path)) files.set(file.path, file);
    } else if (info.isFile()) {
      if (!files.has(absolute)) files.set(absolute, { path: absolute, root: dirname(absolute) });
    } else throw new SourceReadError(path, `${path}: not a file or folder`);
  }
  return [...files.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Why `file` is not read (a broken link, a link out of `boundary`), or undefined when it may be read. */
async function refusalOf(file: Listed, boundary: string, cwd: string): Promise<UnreadableSource | undefined> {
  const escaping = await escapingLink(file.path, boundary);
  if (escaping === undefined) {
    if (file.broken === undefined) return undefined;
    return { path: displayPath(file.path, cwd), code: 'broken-symlink', message: `broken symlink: ${file.broken} does not exist` };
  }
  const boundaryShown = displayPath(boundary, cwd);
  return {
    path: displayPath(escaping.link, cwd),
    code: 'symlink-outside-folder',
    message: `symlink points outside ${boundaryShown === boundary ? boundary : boundaryShown}: ${escaping.target}`,
  };
}

type Read = { readonly file: SourceFile } | { readonly unreadable: UnreadableSource };

async function readSource(file: Listed, boundary: string, cwd: string): Promise<Read> {
  const refused = await refusalOf(file, boundary, cwd);
  if (refused !== undefined) return { unreadable: refused };
  const shown = displayPath(file.path, cwd);
  try {
    return { file: { path: shown, text: await readFile(file.path, 'utf8') } };
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code ?? String(cause);
    return { unreadable: { path: shown, code: 'unreadable-file', message: `cannot read it (${code})` } };
  }
}

/** The manifests and unreadable files of one group (a cluster folder, or the loose files). */
async function readGroup(files: readonly Listed[], boundaryOf: (file: Listed) => string, cwd: string) {
  const manifests: SourceFile[] = [];
  const unreadable: UnreadableSource[] = [];
  for (const file of files) {
    const read = await readSource(file, boundaryOf(file), cwd);
    if ('file' in read) manifests.push(read.file);
    else if (!unreadable.some((seen) => seen.path === read.unreadable.path)) unreadable.push(read.unreadable);
  }
  return { manifests, unreadable };
}

async function readCluster(folder: string, files: readonly Listed[], cwd: string): Promise<ClusterSources> {
  const group = await readGroup(files, () => folder, cwd);
  const clusterRead = await readSource({ path: join(folder, CLUSTER_FILE), root: folder }, folder, cwd);
  const clusterFile = 'file' in clusterRead ? clusterRead.file : { path: displayPath(join(folder, CLUSTER_FILE), cwd), text: '' };
  const unreadable = 'file' in clusterRead ? group.unreadable : [clusterRead.unreadable, ...group.unreadable];
  return { name: basename(folder), clusterFile, manifests: group.manifests, ...(unreadable.length > 0 ? { unreadable } : {}) };
}

/** Reads the files and folders at `paths` (relative to `cwd`) into a manifest set grouped by cluster folder. */
export async function readManifestSet(paths: readonly string[], cwd: string): Promise<ManifestSet> {
  const cache = new Map<string, string | undefined>();
  const byCluster = new Map<string, Listed[]>();
  const loose: Listed[] = [];
  for (const file of await expandPaths(paths, cwd)) {
    const isClusterFile = basename(file.path) === CLUSTER_FILE;
    const folder = isClusterFile ? dirname(file.path) : await clusterFolderOf(dirname(file.path), cache);
    if (folder === undefined) loose.push(file);
    else byCluster.set(folder, [...(byCluster.get(folder) ?? []), ...(isClusterFile ? [] : [file])]);
  }
  const clusters: ClusterSources[] = [];
  for (const [folder, files] of [...byCluster.entries()].sort(([a], [b]) => a.localeCompare(b)))
    clusters.push(await readCluster(folder, files, cwd));
  const looseGroup = await readGroup(loose, (file) => file.root, cwd);
  return { clusters, loose: looseGroup.manifests, ...(looseGroup.unreadable.length > 0 ? { unreadable: looseGroup.unreadable } : {}) };
}
