/**
 * Listing with selectors and pagination (https://kubernetes.io/docs/reference/using-api/api-concepts/#retrieving-large-results-sets-in-chunks). `continue` tokens page over
 * current state after the last key, keeping the first page's rv (an
 * agreed approximation, docs/design/control-plane.md (deviations)).
 */
import { badRequestError, expiredError } from './api-error.js';
import { matchesFields, parseFieldSelector, type FieldRequirement } from './field-selector.js';
import { matchesLabels, parseLabelSelector, type LabelSelectorExpr } from './label-selector.js';
import type { KubeObj } from './object.js';
import type { ResourceType } from './resource-type.js';
import type { Store, StoredEntry } from './store.js';

/** Options of a list call (the query parameters). */
export interface ListOptions {
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
  readonly limit?: number;
  readonly continue?: string;
}

/** One page of a list. */
export interface ListPage {
  readonly items: StoredEntry[];
  readonly resourceVersion: string;
  readonly continue?: string;
  readonly remainingItemCount?: number;
}

/** Parsed selectors of a list or watch. */
export interface Selectors {
  readonly labels: LabelSelectorExpr;
  readonly fields: FieldRequirement[];
  readonly namespace?: string;
}

/** Parses the selectors of a request (400 on a bad one). */
export function parseSelectors(type: ResourceType, namespace: string | undefined, options: ListOptions): Selectors {
  return {
    labels: parseLabelSelector(options.labelSelector),
    fields: parseFieldSelector(options.fieldSelector, type),
    namespace,
  };
}

/** Whether a stored object passes the selectors. */
export function matchesSelectors(selectors: Selectors, obj: KubeObj): boolean {
  if (selectors.namespace && obj.metadata.namespace !== selectors.namespace) return false;
  return matchesLabels(selectors.labels, obj.metadata.labels) && matchesFields(selectors.fields, obj);
}

interface ContinueToken {
  rv: number;
  start: string;
}

function decodeContinue(token: string): ContinueToken {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as ContinueToken;
    if (typeof parsed.rv !== 'number' || typeof parsed.start !== 'string') throw new Error('bad token');
    return parsed;
  } catch {
    throw badRequestError(`invalid continue token "${token}": expected a token from a previous list response`);
  }
}

function encodeContinue(token: ContinueToken): string {
  return Buffer.from(JSON.stringify(token), 'utf8').toString('base64url');
}

function namespaceKey(entry: StoredEntry): string {
  const ns = entry.obj.metadata.namespace;
  return ns ? `${ns}/${entry.obj.metadata.name}` : String(entry.obj.metadata.name);
}

/** The entries a list must look at: an indexed field's bucket when the selector pins one, else all. */
function candidates(store: Store, type: ResourceType, namespace: string | undefined, selectors: Selectors): StoredEntry[] {
  for (const req of selectors.fields) {
    if (req.negate) continue;
    const indexed = store.listIndexed(type.storageKey, req.field, req.value);
    if (indexed !== undefined) return namespace ? indexed.filter((e) => e.obj.metadata.namespace === namespace) : indexed;
  }
  return store.list(type.storageKey, namespace);
}

/** Lists `type` in `namespace` (all when undefined) with selectors, limit and continue. */
export function listPage(store: Store, type: ResourceType, namespace: string | undefined, options: ListOptions): ListPage {
  const selectors = parseSelectors(type, namespace, options);
  const token = options.continue ? decodeContinue(options.continue) : undefined;
  if (token !== undefined && !store.isRetained(type.storageKey, token.rv)) {
    throw expiredError(
      'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.',
    );
  }
  const rv = token?.rv ?? store.currentRv();
  let entries = candidates(store, type, namespace, selectors);
  if (token !== undefined) entries = entries.filter((e) => namespaceKey(e) > token.start);
  const unfiltered = selectors.labels.length === 0 && selectors.fields.length === 0;
  const matching = unfiltered ? entries : entries.filter((e) => matchesSelectors(selectors, e.obj));
  const limit = options.limit !== undefined && options.limit > 0 ? options.limit : undefined;
  if (limit === undefined || matching.length <= limit) return { items: matching, resourceVersion: String(rv) };
  const items = matching.slice(0, limit);
  const page: ListPage = {
    items,
    resourceVersion: String(rv),
    continue: encodeContinue({ rv, start: namespaceKey(items[items.length - 1]) }),
  };
  return unfiltered ? { ...page, remainingItemCount: matching.length - limit } : page;
}
