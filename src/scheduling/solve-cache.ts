/**
 * Reuse across solves: compiling a NodePool against its instance types
 * (requirements, vectors, DaemonSet overhead, cheapest offerings per
 * requirement set) is the fixed cost of every solve. Callers that solve again
 * and again — consolidation, the what-if view, replays — keep one cache and
 * pass it in `SolveOptions.cache`; results are identical with or without it.
 */
import type { DaemonSet } from '../apis/core-v1.js';
import type { NodePool } from '../apis/nodepool.js';
import type { InstanceType } from './instance-type.js';
import { CompiledPool } from './pool-template.js';
import type { ResourceIndex } from './resource-vector.js';

/** The most compiled variants kept per instance-type list before the oldest are dropped. */
const MAX_VARIANTS = 64;

/** Compiled NodePools keyed by instance-type list (by identity) and by pool, DaemonSets and resource layout (by content). */
export class SolveCache {
  private readonly byTypes = new WeakMap<readonly InstanceType[], Map<string, CompiledPool>>();

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
}
