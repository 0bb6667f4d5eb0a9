/** Reads deploy/ for the deploy tests: every YAML document of a file, and the objects of the base install by kind. */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';

export const ROOT = resolve(import.meta.dirname, '../..');
export const DEPLOY = join(ROOT, 'deploy');

/** A parsed manifest; the tests check it field by field. */
export type Manifest = Record<string, any>;

/** Every document of `deploy/<file>`. */
export function readManifests(file: string): Manifest[] {
  return parseAllDocuments(readFileSync(join(DEPLOY, file), 'utf8')).map((doc) => doc.toJSON() as Manifest);
}

/** The one object of `kind` (and `name`, when given) in `deploy/<file>`. */
export function manifest(file: string, kind: string, name?: string): Manifest {
  const found = readManifests(file).filter((m) => m.kind === kind && (name === undefined || m.metadata?.name === name));
  if (found.length !== 1) throw new Error(`expected one ${kind}${name ? `/${name}` : ''} in deploy/${file}, found ${found.length}`);
  return found[0];
}
