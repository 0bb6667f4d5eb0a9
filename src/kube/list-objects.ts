/** One-off lists of a kind, page by page, with each item's apiVersion and kind filled in (list items carry neither). */
import type { KubeObject } from '../apis/object-meta.js';
import { collectionPath, type ResourceKind } from './resource-kinds.js';
import type { RestClient } from './rest-client.js';

/** Items per page. */
const PAGE_SIZE = 500;

/** Every object of `kind` (in all namespaces), following `continue` tokens. */
export async function listObjects<T extends KubeObject>(rest: RestClient, kind: ResourceKind): Promise<T[]> {
  const objects: T[] = [];
  let continueToken: string | undefined;
  do {
    const page = await rest.request<{ items?: T[]; metadata?: { continue?: string } }>({
      method: 'GET',
      path: collectionPath(kind),
      query: { limit: PAGE_SIZE, continue: continueToken },
    });
    for (const item of page.items ?? []) objects.push({ ...item, apiVersion: kind.apiVersion, kind: kind.kind });
    continueToken = page.metadata?.continue || undefined;
  } while (continueToken !== undefined);
  return objects;
}
