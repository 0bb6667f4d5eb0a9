/**
 * Reuse across solves: compiling a NodePool against its instance types
 * (requirements, vectors, DaemonSet overhead, cheapest offerings per
 * requirement set) and building the existing nodes (labels, requirements,
 * their pods' requests) are the fixed cost of every solve. Callers that solve again
 * and again — consolidation, the what-if view, replays — keep one cache and
 * pass it in `SolveOptions.cache`; results are identical with or without it.
 */
import type { DaemonSet } from '../apis/core-v1.js';
import type { NodePool } from '../apis/nodepool.js';
import { type ExistingNode, type LaunchEstimate, existingNode } from './existing-node.js';
import type { InstanceType } from './instance-type.js';
import { CompiledPool } from './pool-template.js';
import type { ResourceIndex } from './resource-vector.js';
import type { SchedulingNode } from './snapshot.js';

/** The most compiled variants kept per instance-type list before the oldest are dropped. */
const MAX_VARIANTS = 64;

/** Compiled NodePools keyed by instance-type list (by identity) and by pool, DaemonSets and resource layout (by content). */
export class SolveCache {
  private readonly byTypes = new WeakMap<readonly InstanceType[], Map<string, CompiledPool>>();
  /** Existing nodes as built for a resource layout and DaemonSets (the key), by state-node object. */
  private readonly nodes = new WeakMap<SchedulingNode, { readonly key: string; readonly node: ExistingNode | undefined }>();
  private readonly daemonSetKeys = new WeakMap<readonly DaemonSet[], string>();

  /** The compiled pool for these inputs, compiling it on first use. */
  compiledPool(
    nodePool: NodePool,
    instanceTypes: readonly InstanceType[],
    daemonSets: readonly DaemonSet[],
    resources: ResourceIndex,
  ): CompiledPool {
    let variants = this.byTypes.get(instanceTypes);
    if (variants === undefined) {
      variants = new Map();
      this.byTypes.set(instanceTypes, variants);
    }
    const key = [
      resources.names.join(','),
      nodePool.metadata.name ?? '',
      JSON.stringify(nodePool.spec.template),
      JSON.stringify(daemonSets.map((ds) => ds.spec.template.spec)),
    ].join('\u0000');
    let compiled = variants.get(key);
    if (compiled === undefined) {
      compiled = new CompiledPool(nodePool, instanceTypes, resources, daemonSets);
      if (variants.size >= MAX_VARIANTS) variants.delete(variants.keys().next().value as string);
      variants.set(key, compiled);
    }
    return compiled;
  }

  /**
   * The solver's view of an existing node (see {@link existingNode}), built once per node object, resource layout
   * and DaemonSets: a solve gets its own copy of what it changes (`used`, `hostPorts`). Snapshot nodes are
   * immutable, so a node object always means the same node; one whose capacity must be estimated from its
   * instance types (a claim not launched yet) is built afresh every time.
   */
  existingNode(
    source: SchedulingNode,
    resources: ResourceIndex,
    daemonSets: readonly DaemonSet[],
    estimate: LaunchEstimate,
  ): ExistingNode | undefined {
    const known = (source.node?.status?.allocatable ?? source.nodeClaim?.status?.allocatable) !== undefined;
    if (!known || (source.node?.status?.capacity ?? source.nodeClaim?.status?.capacity) === undefined)
      return existingNode(source, resources, daemonSets, estimate);
    const key = `${resources.names.join(',')}\u0000${this.daemonSetKey(daemonSets)}`;
    let entry = this.nodes.get(source);
    if (entry === undefined || entry.key !== key) {
      entry = { key, node: existingNode(source, resources, daemonSets, estimate) };
      this.nodes.set(source, entry);
    }
    const built = entry.node;
    return built === undefined ? undefined : { ...built, used: built.used.slice(), hostPorts: new Set(built.hostPorts) };
  }

  private daemonSetKey(daemonSets: readonly DaemonSet[]): string {
    let key = this.daemonSetKeys.get(daemonSets);
    if (key === undefined) {
      key = JSON.stringify(daemonSets.map((ds) => [ds.metadata.name, ds.spec.template.spec]));
      this.daemonSetKeys.set(daemonSets, key);
    }
    return key;
  }
}
