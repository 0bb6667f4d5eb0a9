/**
 * The difference between two views as {@link ViewChange}s (what the agent API streams) and applying them:
 * `applyViewDelta(a, { from: a.version, to: b.version, generatedAt: b.generatedAt, changes: viewChanges(a, b) })`
 * deep-equals `b`. Pure.
 *
 * Rows are compared by `key`: by reference first (the memoising builder keeps unchanged rows' identity), then
 * structurally. A `rows` change's `order` is empty when the section's order follows from the rule "remaining
 * rows keep their places, new rows go at the end in `upsert` order"; otherwise it is the section's full key
 * order. `clusters-order` is sent only when the clusters' order does not follow from the same rule. `log`
 * appends the new lines and keeps the last `keep` lines.
 */
import { jsonEqual } from './json-equal.js';
import type { ClusterView, LogLineRow, RowSection, ViewChange, ViewDelta, ViewModel } from './view-model.js';

/** The row sections of a cluster, in the order changes are emitted. */
export const ROW_SECTIONS: readonly RowSection[] = ['pools', 'nodeClaims', 'pods', 'spotEvents', 'decisions'];

interface Keyed {
  readonly key: string;
}

function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) return false;
  return true;
}

function hasDuplicateKeys(rows: readonly Keyed[]): boolean {
  return new Set(rows.map((row) => row.key)).size !== rows.length;
}

/** Remaining keys of `before` in their order, then the keys of `added` in theirs. */
function predictedOrder(before: readonly string[], kept: ReadonlySet<string>, added: readonly string[]): string[] {
  return [...before.filter((key) => kept.has(key)), ...added];
}

function rowsChange(cluster: string, section: RowSection, before: readonly Keyed[], after: readonly Keyed[]): ViewChange | undefined {
  if (before === after) return undefined;
  const beforeByKey = new Map(before.map((row) => [row.key, row]));
  const afterKeys = after.map((row) => row.key);
  const afterSet = new Set(afterKeys);
  const upsert: Keyed[] = [];
  const added: string[] = [];
  for (const row of after) {
    const old = beforeByKey.get(row.key);
    if (old === undefined) added.push(row.key);
    if (old === undefined || (old !== row && !jsonEqual(old, row))) upsert.push(row);
  }
  const remove = before.filter((row) => !afterSet.has(row.key)).map((row) => row.key);
  const orderFollows = sameStrings(predictedOrder([...beforeByKey.keys()], afterSet, added), afterKeys);
  if (upsert.length === 0 && remove.length === 0 && orderFollows) return undefined;
  return { op: 'rows', cluster, section, upsert, remove, order: orderFollows ? [] : afterKeys };
}

function clusterChanges(before: ClusterView, after: ClusterView): ViewChange[] {
  if (before === after) return [];
  const structural =
    before.cloud !== after.cloud ||
    before.simulated !== after.simulated ||
    ROW_SECTIONS.some(
      (section) => before[section] !== after[section] && (hasDuplicateKeys(after[section]) || hasDuplicateKeys(before[section])),
    );
  if (structural) return [{ op: 'cluster', cluster: after }];
  const changes: ViewChange[] = [];
  const name = after.name;
  if (before.header !== after.header && !jsonEqual(before.header, after.header))
    changes.push({ op: 'header', cluster: name, header: after.header });
  if (before.history !== after.history && !jsonEqual(before.history, after.history)) {
    changes.push({ op: 'history', cluster: name, history: after.history });
  }
  for (const section of ROW_SECTIONS) {
    const change = rowsChange(name, section, before[section], after[section]);
    if (change !== undefined) changes.push(change);
  }
  return changes;
}

function logChange(before: readonly LogLineRow[], after: readonly LogLineRow[]): ViewChange | undefined {
  if (before === after) return undefined;
  if (after.length === 0) return before.length === 0 ? undefined : { op: 'log', append: [], keep: 0 };
  let append: readonly LogLineRow[] = after;
  let start = -1;
  for (let i = before.length - 1; i >= 0; i -= 1) {
    if (before[i].key === after[0].key) {
      start = i;
      break;
    }
  }
  if (start >= 0) {
    const overlap = before.length - start;
    let matches = overlap <= after.length;
    for (let i = 0; matches && i < overlap; i += 1) matches = jsonEqual(before[start + i], after[i]);
    if (matches) append = after.slice(overlap);
  }
  if (append.length === 0 && after.length === before.length) return undefined;
  return { op: 'log', append, keep: after.length };
}

/** The changes that turn `before` into `after` (see the module comment for what each carries). */
export function viewChanges(before: ViewModel, after: ViewModel): ViewChange[] {
  const changes: ViewChange[] = [];
  const beforeByName = new Map(before.clusters.map((cluster) => [cluster.name, cluster]));
  const afterNames = after.clusters.map((cluster) => cluster.name);
  const afterSet = new Set(afterNames);
  for (const cluster of before.clusters) if (!afterSet.has(cluster.name)) changes.push({ op: 'remove-cluster', cluster: cluster.name });
  const added: string[] = [];
  for (const cluster of after.clusters) {
    const old = beforeByName.get(cluster.name);
    if (old === undefined) {
      added.push(cluster.name);
      changes.push({ op: 'cluster', cluster });
    } else {
      changes.push(...clusterChanges(old, cluster));
    }
  }
  if (!sameStrings(predictedOrder([...beforeByName.keys()], afterSet, added), afterNames)) {
    changes.push({ op: 'clusters-order', order: afterNames });
  }
  const log = logChange(before.log, after.log);
  if (log !== undefined) changes.push(log);
  return changes;
}

function applyRows(cluster: ClusterView, change: Extract<ViewChange, { op: 'rows' }>): ClusterView {
  const removed = new Set(change.remove);
  const byKey = new Map<string, unknown>();
  for (const row of cluster[change.section] as readonly Keyed[]) if (!removed.has(row.key)) byKey.set(row.key, row);
  const order = [...byKey.keys()];
  for (const row of change.upsert as readonly Keyed[]) {
    if (typeof row?.key !== 'string') throw new Error(`view delta: a ${change.section} row of cluster ${change.cluster} has no key`);
    if (!byKey.has(row.key)) order.push(row.key);
    byKey.set(row.key, row);
  }
  const keys = change.order.length > 0 ? change.order : order;
  const rows = keys.map((key) => {
    if (!byKey.has(key)) throw new Error(`view delta: ${change.section} order of cluster ${change.cluster} names unknown row ${key}`);
    return byKey.get(key);
  });
  return { ...cluster, [change.section]: rows };
}

function indexOfCluster(clusters: readonly ClusterView[], name: string, op: string): number {
  const index = clusters.findIndex((cluster) => cluster.name === name);
  if (index < 0) throw new Error(`view delta: ${op} names unknown cluster ${name}`);
  return index;
}

function replaceAt(clusters: readonly ClusterView[], index: number, cluster: ClusterView): ClusterView[] {
  const next = [...clusters];
  next[index] = cluster;
  return next;
}

function applyChange(view: { clusters: readonly ClusterView[]; log: readonly LogLineRow[] }, change: ViewChange): void {
  switch (change.op) {
    case 'rows': {
      const index = indexOfCluster(view.clusters, change.cluster, 'rows');
      view.clusters = replaceAt(view.clusters, index, applyRows(view.clusters[index], change));
      return;
    }
    case 'header': {
      const index = indexOfCluster(view.clusters, change.cluster, 'header');
      view.clusters = replaceAt(view.clusters, index, { ...view.clusters[index], header: change.header });
      return;
    }
    case 'history': {
      const index = indexOfCluster(view.clusters, change.cluster, 'history');
      view.clusters = replaceAt(view.clusters, index, { ...view.clusters[index], history: change.history });
      return;
    }
    case 'cluster': {
      const index = view.clusters.findIndex((cluster) => cluster.name === change.cluster.name);
      view.clusters = index < 0 ? [...view.clusters, change.cluster] : replaceAt(view.clusters, index, change.cluster);
      return;
    }
    case 'remove-cluster':
      view.clusters = view.clusters.filter((cluster) => cluster.name !== change.cluster);
      return;
    case 'clusters-order': {
      const byName = new Map(view.clusters.map((cluster) => [cluster.name, cluster]));
      view.clusters = change.order.map((name) => {
        const cluster = byName.get(name);
        if (cluster === undefined) throw new Error(`view delta: clusters-order names unknown cluster ${name}`);
        return cluster;
      });
      return;
    }
    case 'log': {
      const joined = [...view.log, ...change.append];
      view.log = joined.slice(Math.max(0, joined.length - change.keep));
      return;
    }
    default:
      throw new Error(`view delta: unknown change op ${JSON.stringify((change as { op?: unknown }).op)}`);
  }
}

/** `view` with `delta` applied; throws when `delta.from` is not `view.version` (the client must re-read the snapshot). */
export function applyViewDelta(view: ViewModel, delta: ViewDelta): ViewModel {
  if (delta.from !== view.version) {
    throw new Error(`view delta from version ${delta.from} does not apply to view version ${view.version}: re-read the snapshot`);
  }
  const state = { clusters: view.clusters, log: view.log };
  for (const change of delta.changes) applyChange(state, change);
  return { schema: view.schema, version: delta.to, generatedAt: delta.generatedAt, clusters: state.clusters, log: state.log };
}
