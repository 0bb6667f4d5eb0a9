/**
 * Where symlinks lead, for the manifest reader: paths never leave the folder
 * being read (a cluster's folder, or the root passed in), symlinks included.
 * A symlink that stays inside is followed like the file or folder it names.
 */
import { lstat, readlink, realpath } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';

/** A symlink on the way to a file that leads outside the folder. */
export interface EscapingLink {
  /** The symlink's own path. */
  readonly link: string;
  /** Its target as written in the link (`../../etc/passwd`). */
  readonly target: string;
}

/** Is the real path `path` at or below the real path `folder`? */
export function isInsideFolder(path: string, folder: string): boolean {
  const rel = relative(folder, path);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/** The real path of `path`, or undefined when it (or what it links to) does not exist. */
export async function realPathOf(path: string): Promise<string | undefined> {
  return realpath(path).catch(() => undefined);
}

/**
 * The first symlink between `folder` and `path` (which lies lexically below it) whose target resolves outside
 * `folder`, or undefined when `path` really is inside (or is a broken link that points inside).
 */
export async function escapingLink(path: string, folder: string): Promise<EscapingLink | undefined> {
  const realFolder = (await realPathOf(folder)) ?? folder;
  const real = await realPathOf(path);
  if (real !== undefined && isInsideFolder(real, realFolder)) return undefined;
  let current = folder;
  for (const part of relative(folder, path).split(sep)) {
    current = join(current, part);
    const info = await lstat(current).catch(() => undefined);
    if (info?.isSymbolicLink() !== true) continue;
    const written = await readlink(current);
    // A broken link counts by where it points: a link out of the folder is refused even when nothing is there.
    const target = (await realPathOf(current)) ?? resolve((await realPathOf(dirname(current))) ?? dirname(current), written);
    if (!isInsideFolder(target, realFolder)) return { link: current, target: written };
  }
  return real === undefined ? undefined : { link: path, target: real };
}
