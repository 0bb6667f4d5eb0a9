/**
 * Reads manifests from disk: single files, folders, or a whole GitOps
 * repository (`clusters/<name>/cluster.yaml` plus the manifests under that
 * folder). A manifest belongs to the nearest folder above it that holds a
 * `cluster.yaml`; manifests with none are "loose" and have no variables.
 * This is the I/O edge; everything after it is pure.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import type { ClusterSources, ManifestSet, SourceFile } from '../render/manifest-set.js';
import { AutoscalerError, hasError } from '../../apis/errors.js';

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

async function listManifests(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries) {
    const path = join(folder, entry.name);
    if (entry.isDirectory() && !SKIPPED_FOLDERS.has(entry.name) && !entry.name.startsWith('.')) files.push(...(await listManifests(path)));
    else if (entry.isFile() && MANIFEST_EXTENSION.test(entry.name)) files.push(path);
  }
  return files;
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

async function readSource(path: string, cwd: string): Promise<SourceFile> {
  const shown = displayPath(path, cwd);
  try {
    return { path: shown, text: await readFile(path, 'utf8') };
  } catch (cause) {
    throw new SourceReadError(shown, `${shown}: cannot read it (${(cause as NodeJS.ErrnoException).code ?? String(cause)})`, { cause });
  }
}

/** `path` relative to `cwd` when it is inside it, else absolute. */
export function displayPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel === '' || rel.startsWith('..') || rel.startsWith(sep) ? path : rel.split(sep).join('/');
}

/** Every manifest file named by `paths` (files as given, folders searched for *.yaml / *.yml). */
async function expandPaths(paths: readonly string[], cwd: string): Promise<string[]> {
  const files = new Set<string>();
  for (const path of paths) {
    const absolute = resolve(cwd, path);
    const info = await statOrThrow(absolute, path);
    if (info.isDirectory()) for (const file of await listManifests(absolute)) files.add(file);
    else if (info.isFile()) files.add(absolute);
    else throw new SourceReadError(path, `${path}: not a file or folder`);
  }
  return [...files].sort();
}

/** Reads the files and folders at `paths` (relative to `cwd`) into a manifest set grouped by cluster folder. */
export async function readManifestSet(paths: readonly string[], cwd: string): Promise<ManifestSet> {
  const cache = new Map<string, string | undefined>();
  const byCluster = new Map<string, string[]>();
  const loose: SourceFile[] = [];
  for (const file of await expandPaths(paths, cwd)) {
    const folder = basename(file) === CLUSTER_FILE ? dirname(file) : await clusterFolderOf(dirname(file), cache);
    if (folder === undefined) loose.push(await readSource(file, cwd));
    else
      byCluster.set(folder, [
        ...(byCluster.get(folder) ?? []),
        ...(basename(file) === CLUSTER_FILE && dirname(file) === folder ? [] : [file]),
      ]);
  }
  const clusters: ClusterSources[] = [];
  for (const [folder, files] of [...byCluster.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const manifests = await Promise.all(files.map((file) => readSource(file, cwd)));
    clusters.push({ name: basename(folder), clusterFile: await readSource(join(folder, CLUSTER_FILE), cwd), manifests });
  }
  return { clusters, loose };
}
