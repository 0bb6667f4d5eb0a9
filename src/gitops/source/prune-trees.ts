/**
 * Removes exported trees nobody needs any more: keeps the newest `keep`
 * (by the time they were last put in force) and always the one in force.
 */
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';

const TREE_NAME = /^[0-9a-f]{40,64}$/;

/** Deletes the trees under `treesDir` beyond the newest `keep`, never `inForce`; resolves with the commits removed. */
export async function pruneTrees(treesDir: string, keep: number, inForce: string | undefined): Promise<string[]> {
  const entries = await readdir(treesDir, { withFileTypes: true }).catch(() => []);
  const trees = await Promise.all(
    entries
      .filter((entry) => entry.isDirectory() && TREE_NAME.test(entry.name))
      .map(async (entry) => ({ name: entry.name, mtime: (await stat(join(treesDir, entry.name))).mtimeMs })),
  );
  const newestFirst = trees.sort((a, b) => b.mtime - a.mtime || a.name.localeCompare(b.name));
  const removed = newestFirst.slice(Math.max(0, keep)).filter((tree) => tree.name !== inForce);
  for (const tree of removed) await rm(join(treesDir, tree.name), { recursive: true, force: true });
  return removed.map((tree) => tree.name);
}
