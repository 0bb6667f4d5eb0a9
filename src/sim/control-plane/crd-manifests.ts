/**
 * The CRD manifests karpd ships in `deploy/crds/` (NodePool, NodeClaim,
 * EC2NodeClass). The embedded control plane preloads them; an in-cluster
 * deployment applies the same files.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import type { KubeObj } from './object.js';

/** The folder holding karpd's CRD manifests. */
export const CRD_DIRECTORY = fileURLToPath(new URL('../../../deploy/crds/', import.meta.url));

/** Reads every CustomResourceDefinition in `directory` (default: `deploy/crds`), sorted by file name. */
export function loadCrdManifests(directory: string = CRD_DIRECTORY): KubeObj[] {
  const files = readdirSync(directory)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort();
  const crds: KubeObj[] = [];
  for (const file of files) {
    for (const doc of parseAllDocuments(readFileSync(join(directory, file), 'utf8'))) {
      const obj = doc.toJSON() as KubeObj | null;
      if (obj?.kind === 'CustomResourceDefinition') crds.push(obj);
    }
  }
  return crds;
}
